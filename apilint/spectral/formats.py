"""Which of Spectral's document formats a spec is (``formats:`` in a ruleset limits rules to them)."""

from __future__ import annotations

import re
from typing import Any


def document_formats(data: Any) -> set[str]:
    if not isinstance(data, dict):
        return set()
    formats: set[str] = set()
    swagger, openapi, asyncapi = data.get("swagger"), data.get("openapi"), data.get("asyncapi")
    if swagger in ("2.0", 2.0, 2):
        formats.add("oas2")
    if isinstance(openapi, str):
        match = re.match(r"3\.(\d+)(\.\d+)?$", openapi)
        if match:
            formats |= {"oas3", f"oas3_{match.group(1)}"}
    if isinstance(asyncapi, str):
        formats.add("asyncapi2" if asyncapi.startswith("2.") else "asyncapi3" if asyncapi.startswith("3.") else "")
        formats.discard("")
    if isinstance(data.get("arazzo"), str):
        formats.add("arazzo1_0")
    return formats
