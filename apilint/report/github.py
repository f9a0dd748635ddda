"""GitHub Actions workflow commands: an annotation per finding or counted change, then the summary line."""

from __future__ import annotations

from apilint.report.model import Report

_COMMANDS = {"error": "error", "breaking": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for item in report.items:
        if item.accepted:
            continue
        loc, where = item.location, ""
        if loc is not None and loc.file:
            where = f"file={_prop(loc.file)}" + (f",line={loc.line},col={loc.column}" if loc.line else "") + ","
        message = item.message + (f" Hint: {item.hint}" if item.hint else "")
        lines.append(f"::{_COMMANDS[item.level]} {where}title={_prop(item.kind)}::{_data(message)}")
    lines.append(report.summary)
    return "\n".join(lines) + "\n"
