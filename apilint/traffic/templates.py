"""Path templates for requests no spec path matches: id-like segments become parameters, so that
``/v1/users/42`` and ``/v1/users/7`` are one undocumented endpoint, ``/v1/users/{param}``."""

from __future__ import annotations

import re

from apilint.contract.matchers import UUID

_HEX = re.compile(r"^[0-9a-fA-F]{8,}$")
_DIGITS = re.compile(r"^[0-9]+$")
_TOKEN = re.compile(r"^[A-Za-z0-9_~.=-]{8,}$")  # prefixed ids (ord_8f3k2...), ULIDs, base64url tokens


def is_id_like(segment: str) -> bool:
    """Numbers, UUIDs, long hex strings, long tokens mixing letters and digits, redacted values."""
    if _DIGITS.match(segment) or UUID.match(segment) or segment.startswith(("<redacted", "%3Credacted")):
        return True
    if _HEX.match(segment) and any(c.isdigit() for c in segment):
        return True
    return bool(_TOKEN.match(segment)) and any(c.isdigit() for c in segment) and any(c.isalpha() for c in segment)


def infer_template(path: str) -> str:
    """``/v1/orders/42/items/7`` -> ``/v1/orders/{param}/items/{param2}``."""
    out, count = [], 0
    for segment in path.split("/"):
        if segment and is_id_like(segment):
            count += 1
            out.append("{param}" if count == 1 else f"{{param{count}}}")
        else:
            out.append(segment)
    return "/".join(out)
