"""Validates payloads against klingreg's exported JSON Schemas with the
Python `jsonschema` package, and the OpenAPI document with
`openapi-spec-validator`. Reads a JSON request on stdin, prints results."""
import json
import sys

import jsonschema
from openapi_spec_validator import validate as validate_openapi

request = json.load(sys.stdin)
schemas = {}
results = []
for case in request["cases"]:
    path = request["schemas"] + "/" + case["endpoint"] + ".request.json"
    if path not in schemas:
        with open(path) as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator.check_schema(schema)
        schemas[path] = jsonschema.Draft202012Validator(schema)
    errors = sorted(error.message for error in schemas[path].iter_errors(case["payload"]))
    results.append({"id": case["id"], "valid": not errors, "errors": errors[:3]})

with open(request["openapi"]) as handle:
    validate_openapi(json.load(handle))
print(json.dumps({"results": results, "openapi": "valid"}))
