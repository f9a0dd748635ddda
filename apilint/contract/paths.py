"""Path templates for recorded paths when no spec names them: ids become parameters."""

from __future__ import annotations

import re

from apilint.contract.matchers import UUID

_HEX = re.compile(r"^[0-9a-fA-F]{12,}$")
_OPAQUE = re.compile(r"^[A-Za-z0-9_-]{16,}$")


def is_id_segment(segment: str) -> bool:
    """Numbers, UUIDs, hex hashes, long opaque tokens (ULIDs, base62 ids) and redacted values."""
    if segment.isdigit() or UUID.match(segment) or segment.startswith("<redacted:"):
        return True
    if _HEX.match(segment) and any(c.isdigit() for c in segment):
        return True
    return bool(_OPAQUE.match(segment) and any(c.isdigit() for c in segment) and any(c.isalpha() for c in segment))


def _singular(word: str) -> str:
    word = re.sub(r"[^A-Za-z0-9]+", "_", word).strip("_").lower()
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("ses") or word.endswith("xes"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def infer_template(path: str) -> str:
    """``/v1/orders/42/items/9f86d081884c7d65`` -> ``/v1/orders/{order_id}/items/{item_id}``."""
    out: list[str] = []
    names: set[str] = set()
    previous = ""
    for segment in path.split("/"):
        if segment and is_id_segment(segment):
            base = f"{_singular(previous)}_id" if previous and not previous.startswith("{") else "id"
            name, n = base, 2
            while name in names:
                name, n = f"{base}{n}", n + 1
            names.add(name)
            out.append("{" + name + "}")
        else:
            out.append(segment)
        previous = out[-1]
    return "/".join(out)


def slug(template: str) -> str:
    """``/v1/orders/{order_id}`` -> ``v1_orders_order_id`` (for file and interaction names)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", template).strip("_").lower() or "root"
