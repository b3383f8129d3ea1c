#!/usr/bin/python3
"""Read a carecert JUnit file with junitparser (Debian python3-junitparser),
as CI tools written in Python do, check that what it counts agrees with the
cases it finds, and print what it read as JSON for the test to judge.

usage: junit-read.py FILE
"""
import json
import sys

from junitparser import Error, Failure, JUnitXml, Skipped


def main():
    xml = JUnitXml.fromfile(sys.argv[1])
    # the attributes as written: junitparser computes totals when absent
    out = {"totals": {k: xml._elem.get(k) for k in ("tests", "failures", "errors", "skipped")},
           "suites": []}
    sums = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in xml:
        cases = []
        for case in suite:
            results = case.result
            kinds = [type(r).__name__.lower() for r in results
                     if isinstance(r, (Failure, Error, Skipped))]
            # junitparser 2.8 has no API for a testcase's own properties
            # (Jenkins and GitLab read them): its ElementTree element does
            props = {p.get("name"): p.get("value")
                     for p in case._elem.findall("properties/property")}
            cases.append({"name": case.name, "classname": case.classname,
                          "result": kinds[0] if kinds else "pass",
                          "message": results[0].message if results else None,
                          "text": results[0].text if results else None,
                          "system_out": case.system_out, "properties": props})
        n = {"tests": len(cases),
             "failures": sum(c["result"] == "failure" for c in cases),
             "errors": sum(c["result"] == "error" for c in cases),
             "skipped": sum(c["result"] == "skipped" for c in cases)}
        for k, v in n.items():
            assert getattr(suite, k) == v, f"{suite.name}: {k}={getattr(suite, k)}, cases say {v}"
            sums[k] += v
        out["suites"].append({"name": suite.name, "tests": suite.tests,
                              "properties": {p.name: p.value for p in suite.properties()},
                              "cases": cases})
    for k, v in out["totals"].items():
        assert v is None or int(v) == sums[k], f"testsuites {k}={v}, suites say {sums[k]}"
    json.dump(out, sys.stdout)


main()
