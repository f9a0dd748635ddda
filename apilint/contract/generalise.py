"""Generalising the values of many recorded exchanges into one contract value.

What never changes stays literal; what varies becomes a matcher via ``matchers.infer``. Values that
are unique by nature (UUIDs, timestamps) become matchers even when seen once, and redacted values
become ``{{redacted}}`` (or ``{{email}}``, which a redacted e-mail still satisfies).
"""

from __future__ import annotations

from typing import Any

from apilint.contract.matchers import ISO_TIMESTAMP, UUID, infer

MAX_POSITIONAL = 5  # arrays up to this length, of equal length everywhere, are matched item by item


def _redacted(value: Any) -> bool:
    return isinstance(value, str) and "<redacted:" in value


def scalar(values: list[Any], request: bool = False) -> Any:
    if any(_redacted(v) for v in values):
        if not request and all(v == "<redacted:email>" for v in values):
            return "{{email}}"
        return "{{redacted}}"
    result = infer(values)
    if isinstance(result, str) and not result.startswith("{{") and not request:
        if UUID.match(result):
            return "{{uuid}}"
        if ISO_TIMESTAMP.match(result) and "T" in result.upper():
            return "{{iso_timestamp}}"
    return result


def generalise(values: list[Any], request: bool = False) -> Any:
    """One contract value that every value in ``values`` satisfies. On the ``request`` side a
    redacted value is always ``{{redacted}}``: replay must supply it."""
    if not values:
        return "{{any}}"
    if all(isinstance(v, dict) for v in values):
        common = [k for k in values[0] if all(k in v for v in values[1:])]
        return {k: generalise([v[k] for v in values], request) for k in common}
    if all(isinstance(v, list) for v in values):
        lengths = {len(v) for v in values}
        if len(lengths) == 1 and next(iter(lengths)) <= MAX_POSITIONAL:
            return [generalise([v[i] for v in values], request) for i in range(len(values[0]))]
        if 0 not in lengths:
            return [generalise([item for v in values for item in v], request)]
        return "{{any}}"
    if any(isinstance(v, dict | list) for v in values):
        return "{{any}}"
    return scalar(values, request)
