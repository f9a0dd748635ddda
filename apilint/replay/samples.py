"""A concrete value to send where a contract's request holds a matcher instead of a literal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from apilint.contract.matchers import parse

_SAMPLES: dict[str, Any] = {
    "iso_date": "2026-01-01", "positive_integer": 1, "integer": 0, "number": 0, "boolean": True,
    "non_empty_string": "apilint", "string": "apilint", "email": "replay@example.com",
    "url": "https://example.com/", "any": None,
}


def concrete(value: Any) -> Any:
    """Replace request matchers (not ``{{var:...}}``) by sample values that satisfy them."""
    if isinstance(value, str):
        matcher = parse(value)
        if matcher is None or matcher[0] in ("var", "redacted"):
            return value
        name, arg = matcher
        if name == "uuid":
            return str(uuid.uuid4())
        if name == "iso_timestamp":
            return datetime.now(UTC).isoformat().replace("+00:00", "Z")
        if name == "one_of":
            return (arg or "").split("|")[0]
        return _SAMPLES.get(name, value)
    if isinstance(value, dict):
        return {k: concrete(v) for k, v in value.items()}
    if isinstance(value, list):
        return [concrete(v) for v in value]
    return value
