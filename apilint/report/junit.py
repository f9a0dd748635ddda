"""JUnit XML: a test suite per file, a failing test case per finding (a passing one when clean)."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from apilint.engine.runner import LintResult
from apilint.report.summary import all_findings


def render(results: list[LintResult]) -> str:
    suites = ET.Element("testsuites", name="apilint")
    findings = sorted(all_findings(results), key=lambda f: f.sort_key)
    files_with_findings = set()
    for file, group in groupby(findings, key=lambda f: f.file):
        files_with_findings.add(file)
        items = list(group)
        suite = ET.SubElement(suites, "testsuite", name=file, tests=str(len(items)), failures=str(len(items)))
        for f in items:
            case = ET.SubElement(suite, "testcase", classname=file, name=f"{f.rule} at {f.line}:{f.column}")
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            failure.text = f"{f.file}:{f.line}:{f.column} {f.pointer}\n{f.message}" + (
                f"\nhint: {f.hint}" if f.hint else "")
    for result in results:
        if result.error:
            suite = ET.SubElement(suites, "testsuite", name=result.target, tests="1", errors="1")
            case = ET.SubElement(suite, "testcase", classname=result.target, name="load")
            ET.SubElement(case, "error", message=result.error)
        elif result.target not in files_with_findings and not result.findings:
            suite = ET.SubElement(suites, "testsuite", name=result.target, tests="1", failures="0")
            ET.SubElement(suite, "testcase", classname=result.target, name="apilint")
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
