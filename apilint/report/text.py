"""Human output. Findings: grouped by file, colour on a terminal. Changes: one line each. Cases: the ones that
did not pass, each with its differences and how to reproduce it. Every shape ends with its summary line (which
counts the inputs that could not be read). Nothing a producer wrote reaches the terminal unescaped."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from itertools import groupby

from apilint.report.model import Case, Report, groups
from apilint.report.plain import affects, changes_first, difference, position, printable_report, sort_key

_SCREEN = 20  # changes: past this many lines the counts are repeated at the end, where a log's reader looks
_COLOURS = {"error": "31", "warning": "33", "info": "36", "hint": "2"}


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _findings(report: Report) -> list[str]:
    colour = _use_colour()

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    lines: list[str] = []
    for file, group in groupby(sorted(report.items, key=sort_key), key=lambda i: i.location.file):
        lines.append(paint(file, "1;4"))
        for item in group:
            where = f"{item.location.line}:{item.location.column}"
            level = paint(f"{item.level:<7}", _COLOURS[item.level])
            lines.append(f"  {where:>9}  {level}  {item.message}  {paint(item.kind, '2')}")
            if item.hint:
                lines.append(f"  {'':>9}  {'':<7}  {paint('hint: ' + item.hint, '2')}")
        lines.append("")
    return [*lines, paint(report.summary, "1")]


def _changes(report: Report) -> list[str]:
    """The counts first, then the changes (operation-level breaks on top), then what was left out; the counts
    again at the end when the list is longer than a screen."""
    lines = []
    for item in changes_first(report.items):
        where = position(item)
        accepted = f" [accepted: {item.accepted}]" if item.accepted else ""
        lines.append(f"{where + ': ' if where else ''}{item.level}: {item.message}{affects(item)} [{item.kind}]"
                     f"{accepted}")
    tail = [report.summary] if len(lines) > _SCREEN else []
    return [report.summary, *lines, *report.notes, *tail]


def _case(case: Case) -> list[str]:
    lines = [f"{case.outcome.upper():8} {case.name}  {case.source}"]
    lines += [f"  {item.level:8} {difference(item)}" for item in case.items]
    if case.reproduce:
        lines.append(f"  reproduce: {case.reproduce}")
    return lines


def _cases(report: Report) -> list[str]:
    """Cases that did not pass; a verification of pacts lists every interaction, by consumer and provider."""
    lines = []
    for group, cases in groups(report.cases).items():
        failing = sum(c.outcome != "pass" for c in cases)
        lines.append(f"pact {group}: {len(cases)} interactions, {len(cases) - failing} passed, {failing} not")
        lines += [f"  {line}" for case in cases for line in _case(case)]
    for case in report.cases:
        if case.outcome != "pass" and not case.group:
            lines += _case(case)
    return [*lines, report.summary, *report.notes]


_LAYOUTS: dict[str, Callable[[Report], list[str]]] = {"findings": _findings, "changes": _changes, "cases": _cases}


def render(report: Report) -> str:
    return "\n".join(_LAYOUTS[report.shape](printable_report(report))) + "\n"
