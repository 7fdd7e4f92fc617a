#!/usr/bin/env python3
"""Check manifests against the manifest JSON Schema (draft 2020-12).

usage: validate_schema.py SCHEMA MANIFEST... [--expect-invalid MANIFEST...]

Manifests before --expect-invalid must validate; those after it must not
(defects the schema itself can see, as opposed to the loader's cross-checks).
The schema is also checked against its meta-schema. Exits 77 (meson: skipped)
when the jsonschema module is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema module not available; skipping", file=sys.stderr)
    sys.exit(77)


def load(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = load(argv[0])
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    failures = 0
    expect_valid = True
    for path in argv[1:]:
        if path == "--expect-invalid":
            expect_valid = False
            continue
        errors = sorted(validator.iter_errors(load(path)), key=lambda e: list(e.path))
        if expect_valid and errors:
            failures += 1
            for error in errors:
                pointer = "/" + "/".join(str(p) for p in error.path)
                print(f"{path}: {pointer}: {error.message}", file=sys.stderr)
        elif not expect_valid and not errors:
            failures += 1
            print(f"{path}: expected schema errors, found none", file=sys.stderr)
        else:
            print(f"{path}: {'valid' if expect_valid else 'rejected'} as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
