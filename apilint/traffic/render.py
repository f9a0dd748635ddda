"""Picks the writer for a format; each ``render_<format>.py`` renders the report document."""

from __future__ import annotations

import importlib
import json
from typing import Any


def render(doc: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
    return importlib.import_module(f"apilint.traffic.render_{fmt}").render(doc)
