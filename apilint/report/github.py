"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from apilint.engine.runner import LintResult
from apilint.report.summary import all_findings, summary_line

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[LintResult]) -> str:
    lines = []
    for f in all_findings(results):
        message = f.message + (f" Hint: {f.hint}" if f.hint else "")
        lines.append(f"::{_COMMANDS[f.severity]} file={_prop(f.file)},line={f.line},col={f.column},"
                     f"title={_prop(f.rule)}::{_data(message)}")
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
