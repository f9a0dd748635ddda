"""protoc-gen-validate ``(validate.rules)`` and protovalidate ``(buf.validate.field)`` -> JSON-Schema bounds,
so rules about unbounded input (max length, max items, numeric ranges) read protos the way they read
OpenAPI. The two FieldRules messages share their names (``string.max_len``, ``repeated.max_items``,
``int32.gte``...); only "required" differs: PGV's ``message.required``, protovalidate's ``required``."""

from __future__ import annotations

from typing import Any

_STRING = {"min_len": "minLength", "max_len": "maxLength", "pattern": "pattern", "const": "const"}
_NUMBER = {"gt": "exclusiveMinimum", "gte": "minimum", "lt": "exclusiveMaximum", "lte": "maximum",
           "const": "const"}
_COLLECTIONS = {"repeated": {"min_items": "minItems", "max_items": "maxItems", "unique": "uniqueItems"},
                "map": {"min_pairs": "minProperties", "max_pairs": "maxProperties"}}
_FORMATS = {"email": "email", "hostname": "hostname", "ip": "ip", "ipv4": "ipv4", "ipv6": "ipv6",
            "uri": "uri", "uri_ref": "uri-reference", "uuid": "uuid", "address": "address"}
_NUMERIC_KINDS = {"float", "double", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32",
                  "fixed64", "sfixed32", "sfixed64"}


def apply_rules(rules: Any, data: dict[str, Any], item: dict[str, Any] | None) -> bool:
    """Write the bounds of a FieldRules message into ``data`` (the field's schema; for repeated fields
    ``item`` is the element schema). Returns True when the rules make the field required."""
    required = _required(rules)
    kind = rules.WhichOneof("type")
    if kind is None:
        return required
    sub = getattr(rules, kind)
    if kind in _COLLECTIONS:
        keywords = _COLLECTIONS[kind]
        for fd, value in sub.ListFields():
            if fd.name in keywords:
                data[keywords[fd.name]] = value
            elif fd.name == "items" and kind == "repeated" and item is not None:
                apply_rules(value, item, None)
        return required
    if kind in ("string", "bytes"):
        _apply_text(sub, data)
    elif kind in _NUMERIC_KINDS:
        for fd, value in sub.ListFields():
            if fd.name in _NUMBER:
                data[_NUMBER[fd.name]] = value
            elif fd.name == "in":
                data["enum"] = list(value)
    elif kind in ("enum", "any", "duration", "timestamp"):
        required = required or bool(getattr(sub, "required", False))
    return required


def _required(rules: Any) -> bool:
    fields = rules.DESCRIPTOR.fields_by_name
    if "message" in fields:  # PGV
        return bool(rules.HasField("message") and rules.message.required)
    return bool("required" in fields and rules.required)  # protovalidate


def _apply_text(sub: Any, data: dict[str, Any]) -> None:
    for fd, value in sub.ListFields():
        name = fd.name
        if name in _STRING:
            data[_STRING[name]] = value
        elif name == "len":
            data["minLength"] = data["maxLength"] = value
        elif name in ("max_bytes", "len_bytes"):
            # a byte bound is also an upper bound on characters
            data["x-maxBytes"] = value
            data.setdefault("maxLength", value)
        elif name == "in":
            data["enum"] = list(value)
        elif name in _FORMATS and value is True:
            data["format"] = _FORMATS[name]
