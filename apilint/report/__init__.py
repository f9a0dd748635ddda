"""The output layer: one writer module per format, each rendering the neutral :class:`~apilint.report.model.Report`
that the producers build from their results. The commands only choose the writer (``write(report, fmt, out)``).

    model.py     Report, Item, Case, Location, Kind, Target: what a producer hands over (three shapes)
    plain.py     plain-text phrases of an item several formats share (position, difference line, order), and
                 printable()/printable_report(): the one sanitiser of control characters (terminal escapes,
                 characters XML cannot carry) that every human-readable writer renders through
    text.py      human output          json.py      the producer's JSON document
    sarif.py     SARIF 2.1.0           github.py    GitHub workflow-command annotations
    junit.py     JUnit XML             markdown.py  PR comment / job summary (cell() and table())

Producers and where they map into the model: ``engine/report.py`` (lint findings), ``diff/report.py`` (diff
changes), ``replay/report.py`` (replay, fuzz and merged cases; ``fuzz/report.py`` turns a fuzz run into
replay-style results first).

Add a format: a module ``apilint/report/<name>.py`` with ``render(report: Report) -> str`` covering the shapes
it is offered for, its name in ``FORMATS`` (and ``CASE_FORMATS`` if runs offer it), a test in tests/report.
A format read by people renders ``printable_report(report)``; every format shows ``report.unreadable`` (the
inputs that could not be read), so a run that failed never reads as a clean one.
Add a producer (a mock server's journal, say): build a ``Report`` of the shape that fits (usually ``cases``)
with its JSON document, then ``write(report, args.format, args.output)`` in its command; no format code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from apilint.outfile import write_stdout, write_text

if TYPE_CHECKING:
    from apilint.report.model import Report

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown")
CASE_FORMATS = ("text", "json", "markdown", "junit")  # offered by replay, fuzz and report merge


def render(report: Report, fmt: str) -> str:
    return importlib.import_module(f"apilint.report.{fmt}").render(report)


def write(report: Report, fmt: str, output: str | None = None) -> None:
    """Render ``report`` as ``fmt`` to the file ``output``, or to stdout (errors are one line)."""
    text = render(report, fmt)
    if output:
        write_text(output, text, "report")
    else:
        write_stdout(text)
