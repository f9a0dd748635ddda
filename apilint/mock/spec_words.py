"""Violation records (``apilint.proxy.violations``) as one plain-words line each, for mock users.

``body.items.0.quantity`` / ``minimum 1`` becomes ``body.items[0].quantity: must be >= 1``. The type
of the value that was sent or recorded may be named (``got string``), never the value itself.
"""

from __future__ import annotations

import json
from typing import Any

from apilint.recording.format import Violation

_MISSING = object()
_FIXED = {  # keywords whose rule need not be quoted
    "additionalProperties": "has properties the spec does not allow",
    "oneOf": "must match exactly one of the alternatives the spec lists",
    "anyOf": "must match one of the alternatives the spec lists",
    "not": "must not match the schema the spec excludes",
    "uniqueItems": "items must be unique",
}
_PHRASES = {
    "minimum": "must be >= {}",
    "maximum": "must be <= {}",
    "exclusiveMinimum": "must be > {}",
    "exclusiveMaximum": "must be < {}",
    "minLength": "must be at least {} characters long",
    "maxLength": "must be at most {} characters long",
    "minItems": "must have at least {} items",
    "maxItems": "must have at most {} items",
    "minProperties": "must have at least {} properties",
    "maxProperties": "must have at most {} properties",
    "multipleOf": "must be a multiple of {}",
    "pattern": "must match the pattern {}",
    "format": "must be a valid {}",
    "const": "must be {}",
}


def field_name(field: str | None) -> str:
    """``body.items.0.quantity`` -> ``body.items[0].quantity`` (how replay names places)."""
    if not field:
        return "request"
    head, *rest = field.split(".")
    return head + "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in rest)


def value_at(body: Any, field: str | None) -> Any:
    """The value a ``body.*`` field names in ``body`` (a parsed JSON body), or ``_MISSING``."""
    if not field or not (field == "body" or field.startswith("body.")):
        return _MISSING
    node = body
    for part in field.split(".")[1:]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def plain(violation: Violation, body: Any = None) -> str:
    """One line: the field, then what is wrong with it in plain words."""
    return f"{field_name(violation.get('field'))}: {_words(violation, value_at(body, violation.get('field')))}"


def _words(violation: Violation, value: Any) -> str:
    message = violation.get("message") or ""
    kind = violation.get("kind")
    if kind == "unknown_operation":
        return "no operation in the spec matches this method and path"
    if kind == "undocumented_status":
        return "this status is not documented for the operation"
    if kind == "missing_body":
        return "is required"
    if kind == "content_type":
        return "the content type is not one the spec documents"
    if kind == "unexpected_property":
        return "is not a property the spec allows"
    if message == "required property is missing":
        return "is required"
    keyword, _, raw = message.partition(" ")
    fixed = _FIXED.get(keyword)
    if fixed is not None and (keyword != "additionalProperties" or raw == "false"):
        return fixed
    try:
        rule = json.loads(raw) if raw else None
    except ValueError:  # a rule too long to quote (violations cut it at 120 characters)
        return "must be one of the values the spec lists" if keyword == "enum" else message
    if keyword == "type":
        got = "" if value is _MISSING else f", got {json_type(value)}"
        return f"expected {rule}{got}"
    if keyword == "enum" and isinstance(rule, list):
        return "must be one of " + ", ".join(json.dumps(v) if not isinstance(v, str) else v for v in rule)
    if keyword in ("minLength", "minItems", "minProperties") and rule == 1:
        return "must not be empty"
    if keyword in _PHRASES:
        return _PHRASES[keyword].format(rule if isinstance(rule, str) else json.dumps(rule))
    return message
