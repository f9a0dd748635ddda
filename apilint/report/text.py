"""Human output: findings grouped by file, colour on a terminal, a summary line."""

from __future__ import annotations

import os
import sys
from itertools import groupby

from apilint.engine.runner import LintResult
from apilint.report.summary import all_findings, summary_line

_COLOURS = {"error": "31", "warning": "33", "info": "36", "hint": "2"}


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def render(results: list[LintResult]) -> str:
    colour = _use_colour()

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    lines: list[str] = []
    findings = sorted(all_findings(results), key=lambda f: f.sort_key)
    for file, group in groupby(findings, key=lambda f: f.file):
        lines.append(paint(file, "1;4"))
        for finding in group:
            where = f"{finding.line}:{finding.column}"
            severity = paint(f"{finding.severity:<7}", _COLOURS[finding.severity])
            lines.append(f"  {where:>9}  {severity}  {finding.message}  {paint(finding.rule, '2')}")
            if finding.hint:
                lines.append(f"  {'':>9}  {'':<7}  {paint('hint: ' + finding.hint, '2')}")
        lines.append("")
    lines.append(paint(summary_line(results), "1"))
    return "\n".join(lines) + "\n"
