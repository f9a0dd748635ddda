"""Lint results as the output layer's neutral report."""

from __future__ import annotations

from collections import Counter

from apilint import __version__
from apilint.engine.findings import Finding
from apilint.engine.rule import all_rules
from apilint.engine.runner import LintResult
from apilint.report.model import Item, Kind, Location, Report, Target

_SEVERITIES = ("error", "warning", "info", "hint")


def summary_line(findings: list[Finding], specs: int) -> str:
    count = Counter(f.severity for f in findings)
    total = sum(count.values())
    files = len({f.file for f in findings})
    if not total:
        return f"No problems found in {specs} spec(s)."
    parts = ", ".join(f"{count[s]} {s}{'s' if count[s] != 1 else ''}" for s in _SEVERITIES if count[s])
    return f"{total} problem{'s' if total != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}."


def _item(f: Finding) -> Item:
    return Item(kind=f.rule, level=f.severity, message=f.message, hint=f.hint or "",
                location=Location(f.file, f.line, f.column, f.pointer), fingerprint=f"{f.rule}:{f.file}:{f.pointer}")


def _kinds(rule_ids: set[str]) -> dict[str, Kind]:
    registry = all_rules()
    return {r.id: Kind(r.id, r.title, r.severity, tuple(f"anti-pattern-{s}" for s in r.sections), r.rationale, r.fix)
            for rule_id in rule_ids if (r := registry.get(rule_id))}


def lint_report(results: list[LintResult]) -> Report:
    findings = [f for r in results for f in r.findings]
    document = {
        "version": __version__,
        "findings": [f.to_json() for f in findings],
        "summary": {"specs": len(results), "by_severity": dict(Counter(f.severity for f in findings))},
        "errors": [r.error for r in results if r.error],
    }
    return Report(shape="findings", tool="check", summary=summary_line(findings, len(results)), document=document,
                  items=[_item(f) for f in findings], kinds=_kinds({f.rule for f in findings}),
                  targets=[Target(r.target, r.error or "", not r.findings) for r in results])
