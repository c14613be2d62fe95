"""Times Python's fastjsonschema and jsonschema over the benchmark payloads
with klingreg's exported request schemas; prints one line per validator."""
import glob, json, os, sys, time

import fastjsonschema
import jsonschema

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
files = sorted(glob.glob(os.path.join(root, 'bench', 'out', '*.jsonl')))
work = []
for path in files:
    endpoint = os.path.basename(path)[:-6]
    schema = json.load(open(os.path.join(root, 'schemas', 'jsonschema', endpoint + '.request.json')))
    payloads = [json.loads(line) for line in open(path, encoding='utf-8')]
    work.append((endpoint, schema, payloads))
count = sum(len(p) for _, _, p in work)

# fastjsonschema reads drafts 4 to 7; the keywords klingreg exports mean the same in draft 7.
start = time.perf_counter()
valid = 0
for endpoint, schema, payloads in work:
    seven = dict(schema, **{'$schema': 'http://json-schema.org/draft-07/schema#'})
    check = fastjsonschema.compile(seven)
    for payload in payloads:
        try:
            check(payload)
            valid += 1
        except fastjsonschema.JsonSchemaException:
            pass
elapsed = time.perf_counter() - start
print('fastjsonschema payloads=%d seconds=%.3f valid=%d' % (count, elapsed, valid))

start = time.perf_counter()
valid = 0
for endpoint, schema, payloads in work:
    validator = jsonschema.Draft202012Validator(schema)
    for payload in payloads:
        valid += validator.is_valid(payload)
elapsed = time.perf_counter() - start
print('jsonschema payloads=%d seconds=%.3f valid=%d' % (count, elapsed, valid))
