"""GitHub Actions workflow commands: an error annotation per input that could not be read, an annotation per
finding or counted change, then the summary line."""

from __future__ import annotations

from apilint.report.model import Location, Report
from apilint.report.plain import printable_report

_COMMANDS = {"error": "error", "breaking": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(command: str, loc: Location | None, title: str, message: str) -> str:
    where = ""
    if loc is not None and loc.file:
        where = f"file={_prop(loc.file)}" + (f",line={loc.line},col={loc.column}" if loc.line else "") + ","
    return f"::{command} {where}title={_prop(title)}::{_data(message)}"


def render(report: Report) -> str:
    report = printable_report(report)  # line breaks are encoded (%0A), other controls escaped
    lines = [_annotation("error", t.error_at, "could not read", t.error) for t in report.unreadable]
    for item in report.items:
        if not item.accepted:
            lines.append(_annotation(_COMMANDS[item.level], item.location, item.kind,
                                     item.message + (f" Hint: {item.hint}" if item.hint else "")))
    lines.append(report.summary)
    return "\n".join(lines) + "\n"
