#!/usr/bin/python3
"""Validate carecert documents against the published JSON Schemas.

    tools/schema-check.py FILE...                 schema chosen by each file's `schema:`
    tools/schema-check.py --schema S.json FILE... every file against S.json

A result record (result.json, JSON), a profile or a suite (YAML) names its
format in its `schema` member, e.g. carecert/result/1; that is checked
against docs/schemas/result-1.schema.json (JSON Schema draft 2020-12).
YAML is read as carecert reads it, every scalar as text (PyYAML's
BaseLoader): `on:` stays a key, `off` stays a word, 1.10 stays "1.10".

Prints one line per file: `FILE: ok`, or `FILE: PATH: message` for each
problem. Exit status 0 when every file is valid, 1 when one is not, 2 when
a file or schema cannot be read (or the validator is not installed: Debian
python3-jsonschema and python3-yaml, `make deps`).

Uses /usr/bin/python3 on purpose: the Debian packages are installed there.
"""
import json
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.stderr.write("schema-check: %s (install python3-jsonschema and python3-yaml: make deps)\n" % e)
    sys.exit(2)

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "schemas")
NAME = re.compile(r"^carecert/([a-z]+)/([0-9]+)$")


def not_json(constant):
    # NaN and Infinity are not JSON (RFC 8259); a record must not hold them
    raise ValueError("not JSON: " + constant)


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith((".yaml", ".yml")):
        return yaml.load(data, Loader=yaml.BaseLoader)
    return json.loads(data, parse_constant=not_json)


_validators = {}


def validator(schema_path):
    if schema_path not in _validators:
        with open(schema_path, "rb") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validators[schema_path] = cls(schema)
    return _validators[schema_path]


def schema_for(doc):
    name = doc.get("schema") if isinstance(doc, dict) else None
    m = NAME.match(name) if isinstance(name, str) else None
    if not m:
        raise ValueError("no carecert schema member (schema: %r)" % (name,))
    path = os.path.join(SCHEMAS, "%s-%s.schema.json" % m.groups())
    if not os.path.exists(path):
        raise ValueError("schema %s is not published (no %s)" % (name, os.path.relpath(path)))
    return path


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main(argv):
    fixed = None
    if len(argv) > 2 and argv[1] == "--schema":
        fixed = argv[2]
        argv = argv[2:]
    files = argv[1:]
    if not files:
        sys.stderr.write(__doc__)
        return 2
    status = 0
    for path in files:
        try:
            doc = load(path)
            v = validator(fixed or schema_for(doc))
        except (OSError, ValueError, yaml.YAMLError, jsonschema.SchemaError) as e:
            print("%s: cannot check: %s" % (path, str(e).splitlines()[0]))
            status = 2
            continue
        errors = sorted(v.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        if not errors:
            print("%s: ok" % path)
            continue
        status = max(status, 1)
        for e in errors:
            # the deepest cause says most: "x is not one of [...]"
            best = jsonschema.exceptions.best_match([e])
            print("%s: %s: %s" % (path, where(best), best.message[:300]))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
