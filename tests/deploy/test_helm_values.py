#!/usr/bin/python3
"""Validates the Helm chart's values.yaml and examples/*.yaml against its values.schema.json (what
`helm install` enforces), and checks that the schema refuses what must never be deployed: root,
a writable root filesystem, privilege escalation, secrets in the ConfigMap, a missing PG_DSN."""
import copy
import glob
import json
import os
import sys

import jsonschema
import yaml

chart = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../installer/helm/eos-console")
schema = json.load(open(os.path.join(chart, "values.schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
failures = 0


def check(name, values, ok):
    global failures
    errors = sorted(validator.iter_errors(values), key=lambda e: list(e.path))
    if ok and errors:
        failures += 1
        print(f"FAIL {name}: expected valid, got: " + "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors))
    elif not ok and not errors:
        failures += 1
        print(f"FAIL {name}: expected the schema to refuse it")
    else:
        print(f"PASS {name}" + ("" if ok else f" (refused: {errors[0].message[:100]})"))


defaults = yaml.safe_load(open(os.path.join(chart, "values.yaml")))
check("values.yaml", defaults, True)
examples = sorted(glob.glob(os.path.join(chart, "examples", "*.yaml")))
if not examples:
    failures += 1
    print("FAIL no examples found")
for path in examples:
    # helm merges an override file over values.yaml
    merged = copy.deepcopy(defaults)

    def merge(a, b):
        for k, v in b.items():
            if isinstance(v, dict) and isinstance(a.get(k), dict):
                merge(a[k], v)
            else:
                a[k] = v
    merge(merged, yaml.safe_load(open(path)))
    check("examples/" + os.path.basename(path), merged, True)


def mutated(fn):
    v = copy.deepcopy(defaults)
    fn(v)
    return v


check("runs as root", mutated(lambda v: v["podSecurityContext"].update(runAsNonRoot=False)), False)
check("writable root filesystem", mutated(lambda v: v["securityContext"].update(readOnlyRootFilesystem=False)), False)
check("privilege escalation", mutated(lambda v: v["securityContext"].update(allowPrivilegeEscalation=True)), False)
check("capabilities kept", mutated(lambda v: v["securityContext"]["capabilities"].update(drop=["NET_RAW"])), False)
check("PG_DSN in the ConfigMap", mutated(lambda v: v["config"].update(PG_DSN="postgresql://eos:pw@db/wazuh")), False)
check("JIRA_API_KEY in the ConfigMap", mutated(lambda v: v["config"].update(JIRA_API_KEY="x")), False)
check("lower-case config key", mutated(lambda v: v["config"].update(listen_port="9000")), False)
check("unknown top-level key", mutated(lambda v: v.update(replicas=3)), False)
check("external without PG_DSN", mutated(lambda v: (v["secrets"].update(mode="external"),
                                                    v["secrets"]["external"]["remoteKeys"].pop("PG_DSN"))), False)
check("inline without WEBHOOK_AUTH_TOKEN", mutated(lambda v: v["secrets"].update(mode="inline", values={"PG_DSN": "x"})), False)
check("inline with both", mutated(lambda v: v["secrets"].update(mode="inline", values={"PG_DSN": "x", "WEBHOOK_AUTH_TOKEN": "y"})), True)
check("existing with no name", mutated(lambda v: v["secrets"].update(existingSecret="")), False)
check("unknown secrets mode", mutated(lambda v: v["secrets"].update(mode="vault")), False)
check("port out of range", mutated(lambda v: v["service"].update(port=70000)), False)

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
