#!/usr/bin/env python3
"""Checks WorkflowTemplates against the WorkflowTemplate CRD of Argo Workflows, strictly.

The API server prunes fields a CRD does not declare instead of refusing them; here an undeclared
field is an error, as `kubectl apply --validate=strict` would report it. Needs PyYAML and
jsonschema, and the CRD (manifests/base/crds/full/argoproj.io_workflowtemplates.yaml of
argoproj/argo-workflows).

    python3 check-schema.py CRD.yaml TEMPLATE.yaml...
"""
import sys

import jsonschema
import yaml


def strict(node):
    """The CRD's structural schema as JSON Schema: closed objects, int-or-string as either."""
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node \
                and not node.get("x-kubernetes-preserve-unknown-fields"):
            node["additionalProperties"] = False
        if node.get("x-kubernetes-int-or-string"):
            node["type"] = ["integer", "string"]
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)
    return node


def main(crd_path, templates):
    with open(crd_path) as f:
        crd = yaml.safe_load(f)
    schema = strict(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
    validator = jsonschema.Draft7Validator(schema)
    failed = 0
    for path in templates:
        with open(path) as f:
            for document in yaml.safe_load_all(f):
                errors = list(validator.iter_errors(document))
                for error in errors:
                    where = ".".join(str(p) for p in error.absolute_path) or "(root)"
                    print(f"{path}: {where}: {error.message[:300]}")
                failed += len(errors)
                print(f"{path}: {document['kind']} {document['metadata']['name']}: "
                      f"{'valid' if not errors else str(len(errors)) + ' errors'}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
