"""The output layer: one writer module per format, each rendering the neutral :class:`~apilint.report.model.Report`
that the producers (check, diff, replay, fuzz) build from their results.

A writer is ``apilint.report.<format>.render(report) -> str``; the commands only choose which one.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apilint.report.model import Report

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown")
CASE_FORMATS = ("text", "json", "markdown", "junit")  # offered by replay, fuzz and report merge


def render(report: Report, fmt: str) -> str:
    return importlib.import_module(f"apilint.report.{fmt}").render(report)


def write(report: Report, fmt: str, output: str | None = None) -> None:
    """Render ``report`` as ``fmt`` to the file ``output``, or to stdout."""
    text = render(report, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
