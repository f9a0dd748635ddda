"""Pieces of a pact's request/response: query and body in the shapes the engine compares."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl


def query_of(raw: Any) -> dict[str, list[str]]:
    """V2 query strings (``a=1&b=2``) and V3/V4 ``{name: [values]}`` -> ``{name: [values]}``."""
    if not raw:
        return {}
    if isinstance(raw, str):
        out: dict[str, list[str]] = {}
        for key, value in parse_qsl(raw, keep_blank_values=True):
            out.setdefault(key, []).append(value)
        return out
    return {str(k): [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in raw.items()}


def content_type(part: dict[str, Any]) -> str | None:
    for name, value in (part.get("headers") or {}).items():
        if name.lower() == "content-type":
            return ", ".join(value) if isinstance(value, list) else str(value)
    return None


def body_of(part: dict[str, Any]) -> tuple[Any, str | None]:
    """(body, content type): V4 ``{"content": ..., "contentType": ..., "encoded": ...}`` unwrapped."""
    body = part.get("body")
    kind = content_type(part)
    if isinstance(body, dict) and "content" in body and ("contentType" in body or "encoded" in body):
        kind = body.get("contentType") or kind
        content = body.get("content")
        if body.get("encoded") in (False, None) or isinstance(content, dict | list):
            body = content
            if isinstance(body, str) and kind and kind.split(";")[0].strip().endswith("json"):
                try:
                    body = json.loads(body)
                except ValueError:
                    pass
        else:
            body = content
    return body, kind
