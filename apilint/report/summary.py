"""Counting findings by severity, shared by the reporters."""

from __future__ import annotations

from collections import Counter

from apilint.engine.findings import Finding
from apilint.engine.runner import LintResult


def all_findings(results: list[LintResult]) -> list[Finding]:
    return [f for r in results for f in r.findings]


def counts(results: list[LintResult]) -> Counter[str]:
    return Counter(f.severity for f in all_findings(results))


def summary_line(results: list[LintResult]) -> str:
    count = counts(results)
    total = sum(count.values())
    files = len({f.file for f in all_findings(results)})
    if not total:
        return f"No problems found in {len(results)} spec(s)."
    parts = ", ".join(f"{count[s]} {s}{'s' if count[s] != 1 else ''}" for s in ("error", "warning", "info", "hint")
                      if count[s])
    return f"{total} problem{'s' if total != 1 else ''} ({parts}) in {files} file{'s' if files != 1 else ''}."
