"""Markdown for a pull-request comment or a job summary."""

from __future__ import annotations

from apilint.engine.rule import SEVERITY_RANK
from apilint.engine.runner import LintResult
from apilint.report.summary import all_findings, summary_line

_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵", "hint": "⚪"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(results: list[LintResult]) -> str:
    findings = sorted(all_findings(results), key=lambda f: (-SEVERITY_RANK[f.severity], f.sort_key))
    lines = ["## apilint check", "", summary_line(results), ""]
    errors = [r.error for r in results if r.error]
    if errors:
        lines += ["**Could not lint:**", ""] + [f"- `{_cell(e)}`" for e in errors] + [""]
    if findings:
        lines += ["| | Rule | Location | Message |", "|---|---|---|---|"]
        for f in findings:
            lines.append(f"| {_ICONS[f.severity]} {f.severity} | `{f.rule}` | `{_cell(f.file)}:{f.line}` | "
                         f"{_cell(f.message)} |")
    return "\n".join(lines) + "\n"
