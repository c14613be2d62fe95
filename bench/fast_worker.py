"""One fastjsonschema process for bench/compare.py: compiles an exported request
schema, then reads its share of a JSONL file's raw lines, parses and validates
each; prints how many it read and how many were valid."""
import json, sys

import fastjsonschema

schema_path, lines_path, part, parts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
schema = json.load(open(schema_path))
# fastjsonschema reads drafts 4 to 7; the keywords klingreg exports mean the same in draft 7.
check = fastjsonschema.compile(dict(schema, **{'$schema': 'http://json-schema.org/draft-07/schema#'}))
count = valid = 0
with open(lines_path, encoding='utf-8') as handle:
    for index, line in enumerate(handle):
        if index % parts != part or not line.strip():
            continue
        count += 1
        try:
            check(json.loads(line))
            valid += 1
        except (fastjsonschema.JsonSchemaException, ValueError):
            pass
print('count=%d valid=%d' % (count, valid))
