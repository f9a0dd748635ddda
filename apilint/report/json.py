"""JSON: the producer's own document (its key names are a stable contract), indented."""

from __future__ import annotations

import json

from apilint.report.model import Report


def render(report: Report) -> str:
    return json.dumps(report.document, indent=2, default=str) + "\n"
