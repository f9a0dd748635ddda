"""Reporters: each turns lint results into one output format."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from apilint.engine.runner import LintResult

FORMATS = ("text", "json", "sarif", "github", "junit", "markdown")


def renderer(name: str) -> Callable[[list[LintResult]], str]:
    return importlib.import_module(f"apilint.report.{name}").render
