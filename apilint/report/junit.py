"""JUnit XML. Findings: a test suite per file, a failing test case per finding, a passing case for a clean
file and an erroring one for a file that could not be read. Cases: one suite, a test case per case (failing
when breaking, its differences as output when only warning)."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from apilint.report.model import Case, Report
from apilint.report.plain import difference, printable_report, sort_key


def _findings(report: Report) -> str:
    suites = ET.Element("testsuites", name="apilint")
    with_items = set()
    for file, group in groupby(sorted(report.items, key=sort_key), key=lambda i: i.location.file):
        with_items.add(file)
        items = list(group)
        suite = ET.SubElement(suites, "testsuite", name=file, tests=str(len(items)), failures=str(len(items)))
        for i in items:
            loc = i.location
            case = ET.SubElement(suite, "testcase", classname=file, name=f"{i.kind} at {loc.line}:{loc.column}")
            failure = ET.SubElement(case, "failure", message=i.message, type=i.level)
            failure.text = f"{loc.file}:{loc.line}:{loc.column} {loc.pointer}\n{i.message}" + (
                f"\nhint: {i.hint}" if i.hint else "")
    for target in report.targets:
        if target.error:
            suite = ET.SubElement(suites, "testsuite", name=target.name, tests="1", errors="1")
            case = ET.SubElement(suite, "testcase", classname=target.name, name="load")
            ET.SubElement(case, "error", message=target.error)
        elif target.name not in with_items and target.clean:
            suite = ET.SubElement(suites, "testsuite", name=target.name, tests="1", failures="0")
            ET.SubElement(suite, "testcase", classname=target.name, name="apilint")
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _case(case: Case, tool: str) -> list[str]:
    out = [f"  <testcase classname={quoteattr(case.group or case.source or tool)} name={quoteattr(case.name)} "
           f'time="{case.seconds:.3f}">']
    details = "\n".join(difference(i) for i in case.items)
    if case.reproduce:
        details += f"\nreproduce: {case.reproduce}"
    if case.outcome == "breaking":
        first = case.items[0].message if case.items else "breaking"
        out.append(f'    <failure message={quoteattr(first)} type="breaking">{escape(details)}</failure>')
    elif case.outcome == "warning":
        out.append(f"    <system-out>{escape(details)}</system-out>")
    return [*out, "  </testcase>"]


def _cases(report: Report) -> str:
    failures = sum(1 for c in report.cases if c.outcome == "breaking")
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name={quoteattr("apilint " + report.tool)} tests="{len(report.cases)}" '
           f'failures="{failures}" errors="0" skipped="0">']
    for case in report.cases:
        out += _case(case, report.tool)
    return "\n".join([*out, "</testsuite>", ""])


def render(report: Report) -> str:
    """Characters XML 1.0 does not allow are escaped (printable), so the document always parses."""
    return {"findings": _findings, "cases": _cases}[report.shape](printable_report(report))
