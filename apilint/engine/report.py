"""Lint results as the output layer's neutral report."""

from __future__ import annotations

import re
from collections import Counter

from apilint import __version__
from apilint.engine.findings import Finding
from apilint.engine.rule import all_rules
from apilint.engine.runner import LintResult
from apilint.errors import cwd_relative, shown_path
from apilint.report.model import Item, Kind, Location, Report, Target

_SEVERITIES = ("error", "warning", "info", "hint")
# The position an input error's line starts with (InputError's ``file:line:column: message``).
_ERROR_POSITION = re.compile(r"(?P<file>.+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?: ")


def summary_line(findings: list[Finding], specs: int, unreadable: int = 0) -> str:
    """What was found, counted; a run that could not read every spec never says "No problems found"."""
    count = Counter(f.severity for f in findings)
    total = sum(count.values())
    files = len({f.file for f in findings})
    failed = f"{unreadable} of {specs} spec(s) could not be read"
    if not total:
        if not unreadable:
            return f"No problems found in {specs} spec(s)."
        return failed + ("; nothing found in the rest." if unreadable < specs else ".")
    parts = ", ".join(f"{count[s]} {s}{'s' if count[s] != 1 else ''}" for s in _SEVERITIES if count[s])
    found = f"{total} problem{'s' if total != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}"
    return f"{found}; {failed}." if unreadable else f"{found}."


def error_location(error: str, target: str) -> Location:
    """Where a lint result's error is: the position its line starts with, else the spec it is about."""
    match = _ERROR_POSITION.match(error)
    if match and (match["line"] or " " not in match["file"]):
        return Location(match["file"], int(match["line"] or 0), int(match["column"] or 0))
    return Location(target)


def _target(result: LintResult) -> Target:
    name = shown_path(result.target)
    if not result.error:
        return Target(name, clean=not result.findings)
    return Target(name, result.error, not result.findings, error_location(result.error, name))


def _item(f: Finding) -> Item:
    return Item(kind=f.rule, level=f.severity, message=f.message, hint=f.hint or "",
                location=Location(f.file, f.line, f.column, f.pointer),
                fingerprint=f"{f.rule}:{cwd_relative(f.file)}:{f.pointer}")


def _kinds(rule_ids: set[str]) -> dict[str, Kind]:
    registry = all_rules()
    return {r.id: Kind(r.id, r.title, r.severity, tuple(f"anti-pattern-{s}" for s in r.sections), r.rationale, r.fix)
            for rule_id in rule_ids if (r := registry.get(rule_id))}


def lint_report(results: list[LintResult]) -> Report:
    findings = [f for r in results for f in r.findings]
    errors = [r.error for r in results if r.error]
    document = {
        "version": __version__,
        "findings": [f.to_json() for f in findings],
        "summary": {"specs": len(results), "by_severity": dict(Counter(f.severity for f in findings))},
        "errors": errors,
    }
    return Report(shape="findings", tool="check", summary=summary_line(findings, len(results), len(errors)),
                  document=document, items=[_item(f) for f in findings], kinds=_kinds({f.rule for f in findings}),
                  targets=[_target(r) for r in results])
