"""``{"findings": [...], "summary": {...}, "errors": [...]}`` — key names are a stable contract."""

from __future__ import annotations

import json

from apilint import __version__
from apilint.engine.runner import LintResult
from apilint.report.summary import all_findings, counts


def render(results: list[LintResult]) -> str:
    document = {
        "version": __version__,
        "findings": [f.to_json() for f in all_findings(results)],
        "summary": {"specs": len(results), "by_severity": dict(counts(results))},
        "errors": [r.error for r in results if r.error],
    }
    return json.dumps(document, indent=2) + "\n"
