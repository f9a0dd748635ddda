"""A JSON Schema inferred from observed values, merged one value at a time, bounded in size.

Only what every value showed is kept: a format all strings had, ``nullable`` when a null came, the
properties of objects (never ``required`` or ``enum``: traffic shows what was sent, not what must be).
"""

from __future__ import annotations

from typing import Any

from apilint.traffic.values import format_of, json_type

MAX_DEPTH = 8
MAX_PROPERTIES = 200
MAX_ITEMS = 20  # array items merged per value


def merge(schema: dict[str, Any] | None, value: Any, depth: int = 0) -> dict[str, Any]:
    """``schema`` widened to accept ``value`` too (a new dict when ``schema`` is None)."""
    if schema is None:
        schema = {"_seen": True}
    kind = json_type(value)
    if kind == "null":
        schema["nullable"] = True
        return schema
    known = schema.get("type")
    if known is None and not schema.get("_any"):
        schema["type"] = kind
    elif known != kind:
        if {known, kind} == {"integer", "number"}:
            schema["type"] = "number"
        else:  # two different types: any value
            schema.clear()
            schema.update({"_seen": True, "_any": True})
            return schema
    if schema.get("_any") or depth >= MAX_DEPTH:
        return schema
    if kind == "string":
        fmt = format_of(value)
        if "format" not in schema:
            schema["format"] = fmt
        elif schema["format"] != fmt:
            schema["format"] = None
    elif kind == "object":
        props = schema.setdefault("properties", {})
        for name, item in value.items():
            if name in props or len(props) < MAX_PROPERTIES:
                props[name] = merge(props.get(name), item, depth + 1)
    elif kind == "array":
        items = schema.get("items")
        for item in value[:MAX_ITEMS]:
            items = merge(items, item, depth + 1)
        if items is not None:
            schema["items"] = items
    return schema


def finish(schema: dict[str, Any] | None, version: str = "3.0") -> dict[str, Any]:
    """The merged schema as the spec writes it (OpenAPI 3.0 ``nullable``, 3.1 type lists)."""
    if schema is None:
        return {}
    out: dict[str, Any] = {}
    kind = schema.get("type")
    nullable = bool(schema.get("nullable"))
    if kind is not None:
        if nullable and version.startswith(("3.1", "3.2")):
            out["type"] = [kind, "null"]
        else:
            out["type"] = kind
            if nullable:
                out["nullable"] = True
    elif nullable and not schema.get("_any"):
        out["nullable"] = True
    if schema.get("format"):
        out["format"] = schema["format"]
    if "properties" in schema:
        out["properties"] = {k: finish(v, version) for k, v in schema["properties"].items()}
    if "items" in schema:
        out["items"] = finish(schema["items"], version)
    return out
