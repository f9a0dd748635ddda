"""hypothesis strategies for request messages from their JSON schema (``apilint.grpc.schema``), in proto3 JSON.

``valid(schema)`` draws messages within every bound: required fields present (and, proto3 scalars being absent
when zero, not zero), OUTPUT_ONLY fields left out, at most one member per oneof. ``invalid(schema)`` draws
``(message, what)``: a valid message with exactly one bound or required field broken (``what`` says which:
``page_size above its maximum 50``). A length bound of a field that also has a pattern or format may break
that pattern too; every other field stays valid.

Written here rather than with hypothesis-jsonschema (not a dependency): proto's types are few, the values must
stay encodable (int32 ranges, base64 bytes, RFC 3339 timestamps), and the invalid side breaks one named bound,
which a JSON-schema generator does not do.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

_RANGES = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1), "int64": (-(2**63), 2**63 - 1),
           "uint64": (0, 2**64 - 1)}
_TEXT_CAP = 40  # longest generated string when nothing bounds it
_ITEMS_CAP = 3  # most extra list items / map pairs past a minimum
_FORMATS = {
    "email": r"[a-z0-9]{1,10}@[a-z]{1,10}\.(com|org)",
    "hostname": r"[a-z]{1,10}(\.[a-z]{1,10}){0,2}",
    "uri": r"https://[a-z]{1,10}\.com/[a-z0-9]{0,10}",
    "uri-reference": r"/[a-z0-9]{0,10}",
    "field-mask": r"[a-z_]{1,10}(\.[a-z_]{1,10})?",
}
_NOT_FORMATTED = r"[a-z]{1,8} [a-z]{1,8}"  # a space: no e-mail, host, IP, URI or UUID holds one
_CONSTRAINT_FORMATS = {"email", "hostname", "ip", "ipv4", "ipv6", "uri", "uri-reference", "uuid", "address"}
_SKIPPED_TYPES = {".google.protobuf.Any"}  # needs an @type a fuzzer cannot know: left out


@dataclass(frozen=True)
class Violation:
    path: tuple[str, ...]  # where, from the message's top
    what: str  # "page_size above its maximum 50"
    value: Any  # a strategy for the bad value, or None to leave the field out


def valid(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return _message(schema)


def invalid(schema: dict[str, Any]) -> st.SearchStrategy[tuple[dict[str, Any], str]] | None:
    """None when the message has no bound or required field to break."""
    found = violations(schema)
    if not found:
        return None
    return st.sampled_from(found).flatmap(lambda v: _broken(schema, v))


def violations(schema: dict[str, Any], path: tuple[str, ...] = (), depth: int = 0) -> list[Violation]:
    out: list[Violation] = []
    required = set(schema.get("required", ()))
    for name, field in _fields(schema):
        where = (*path, name)
        label = ".".join(where)
        if name in required:
            out.append(Violation(where, f"required {label} missing", None))
        out.extend(_field_violations(field, where, label))
        if "properties" in field and depth < 2:
            out.extend(violations(field, where, depth + 1))
    return out


@st.composite
def _broken(draw: Any, schema: dict[str, Any], violation: Violation) -> tuple[dict[str, Any], str]:
    message = draw(_message(schema))
    _set(draw, schema, message, violation.path, violation.value)
    return message, violation.what


def _set(draw: Any, schema: dict[str, Any], message: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Put the bad value at ``path`` (parents made valid when absent), clearing the other members of its oneof."""
    name, field = path[0], schema["properties"][path[0]]
    if len(path) > 1:
        if not isinstance(message.get(name), dict):
            message[name] = draw(_message(field))
        _set(draw, field, message[name], path[1:], value)
        return
    oneof = (field.get("x-proto") or {}).get("oneof")
    if oneof:
        for other, f in schema["properties"].items():
            if other != name and (f.get("x-proto") or {}).get("oneof") == oneof:
                message.pop(other, None)
    if value is None:
        message.pop(name, None)
    else:
        message[name] = draw(value)


def _fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The fields a request sets: not OUTPUT_ONLY, not Any."""
    return [(name, f) for name, f in schema.get("properties", {}).items()
            if not f.get("readOnly") and (f.get("x-proto") or {}).get("type_name") not in _SKIPPED_TYPES]


@st.composite
def _message_draw(draw: Any, schema: dict[str, Any]) -> dict[str, Any]:
    required = set(schema.get("required", ()))
    out: dict[str, Any] = {}
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, field in _fields(schema):
        oneof = (field.get("x-proto") or {}).get("oneof")
        if oneof:
            groups.setdefault(oneof, []).append((name, field))
        elif name in required or draw(st.booleans()):
            out[name] = draw(value(field, required=name in required))
    for members in groups.values():
        needed = any(name in required for name, _ in members)
        choice = draw(st.sampled_from(members if needed else [None, *members]))
        if choice is not None:
            out[choice[0]] = draw(value(choice[1], required=needed))
    return out


def _message(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return _message_draw(schema)


def value(field: dict[str, Any], required: bool = False) -> st.SearchStrategy[Any]:
    """A valid value of one field. ``required``: not the type's zero (proto3 sends no zero scalar)."""
    strategy = _value(field)
    if required and (field.get("x-proto") or {}).get("type") == "TYPE_ENUM" and field.get("enum"):
        return strategy.filter(lambda v: v != field["enum"][0])  # the zero value
    if required and field.get("type") != "object":
        strategy = strategy.filter(lambda v: v not in (0, "", False, [], None))
    return strategy


def _value(field: dict[str, Any]) -> st.SearchStrategy[Any]:
    if "const" in field:
        return st.just(field["const"])
    if "enum" in field:
        return st.sampled_from(field["enum"])
    kind = field.get("type")
    if kind == "object":
        if "properties" in field:
            return _message(field)
        if "additionalProperties" in field:
            return _map(field)
        return st.just({})
    if kind == "array":
        items = field.get("items") or {"type": "string"}
        low = field.get("minItems", 0)
        high = min(field.get("maxItems", low + _ITEMS_CAP), low + _ITEMS_CAP)
        unique = (lambda v: json.dumps(v, sort_keys=True)) if field.get("uniqueItems") else None
        return st.lists(_value(items), min_size=low, max_size=high, unique_by=unique)
    if kind == "integer":
        low, high = _int_bounds(field)
        return st.integers(low, high)
    if kind == "number":
        return st.floats(field.get("minimum", field.get("exclusiveMinimum")),
                         field.get("maximum", field.get("exclusiveMaximum")),
                         exclude_min="exclusiveMinimum" in field, exclude_max="exclusiveMaximum" in field,
                         allow_nan=False, allow_infinity=False, width=32 if field.get("format") == "float" else 64)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        return _string(field)
    return st.just("x")  # google.protobuf.Value: any JSON


def _int_bounds(field: dict[str, Any]) -> tuple[int, int]:
    low, high = _RANGES.get(field.get("format") or "int32", _RANGES["int64"])
    if "minimum" in field:
        low = max(low, int(field["minimum"]))
    if "exclusiveMinimum" in field:
        low = max(low, int(field["exclusiveMinimum"]) + 1)
    if "maximum" in field:
        high = min(high, int(field["maximum"]))
    if "exclusiveMaximum" in field:
        high = min(high, int(field["exclusiveMaximum"]) - 1)
    return low, high


def _string(field: dict[str, Any]) -> st.SearchStrategy[str]:
    fmt = field.get("format")
    low, high = field.get("minLength", 0), field.get("maxLength")
    if fmt == "byte":
        return st.binary(min_size=low, max_size=min(high if high is not None else _TEXT_CAP, low + _TEXT_CAP)) \
            .map(lambda b: base64.b64encode(b).decode())
    if fmt == "date-time":
        return st.datetimes().map(lambda d: f"{d.year:04d}-{d:%m-%dT%H:%M:%S}Z")
    if fmt == "duration":
        return st.integers(-(10**6), 10**6).map(lambda n: f"{n}s")
    if "pattern" in field:
        strategy = st.from_regex(field["pattern"])
    elif fmt in ("uuid",):
        strategy = st.uuids().map(str)
    elif fmt in ("ip", "ipv4", "ipv6", "address"):
        strategy = st.ip_addresses(v={"ipv4": 4, "ipv6": 6}.get(fmt)).map(str)
    elif fmt in _FORMATS:
        strategy = st.from_regex(_FORMATS[fmt], fullmatch=True)
    else:
        cap = max(low, min(high if high is not None else _TEXT_CAP, low + _TEXT_CAP))
        return st.text(min_size=low, max_size=cap).filter(lambda t: _fits_bytes(t, field))
    return strategy.filter(lambda t: low <= len(t) <= (high if high is not None else len(t)) and _fits_bytes(t, field))


def _fits_bytes(text: str, field: dict[str, Any]) -> bool:
    return "x-maxBytes" not in field or len(text.encode()) <= field["x-maxBytes"]


def _map(field: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    names = field.get("propertyNames") or {}
    if "enum" in names:
        keys: st.SearchStrategy[str] = st.sampled_from(names["enum"])
    elif "pattern" in names:
        keys = st.integers(0, 10**6).map(str)
    else:
        keys = st.text(min_size=1, max_size=10)
    low = field.get("minProperties", 0)
    high = min(field.get("maxProperties", low + _ITEMS_CAP), low + _ITEMS_CAP)
    return st.dictionaries(keys, _value(field["additionalProperties"]), min_size=low, max_size=high)


def _field_violations(field: dict[str, Any], where: tuple[str, ...], label: str) -> list[Violation]:
    """Every bound of one field broken on its own, each value still encodable for the field's type."""
    out: list[Violation] = []
    kind = field.get("type")

    def add(what: str, strategy: st.SearchStrategy[Any]) -> None:
        out.append(Violation(where, f"{label} {what}", strategy))

    if kind == "integer":
        low, high = _RANGES.get(field.get("format") or "int32", _RANGES["int64"])
        bounds = _int_bounds(field)
        if bounds[0] > low:
            add(f"below its minimum {bounds[0]}", st.integers(low, bounds[0] - 1))
        if bounds[1] < high:
            add(f"above its maximum {bounds[1]}", st.integers(bounds[1] + 1, high))
    elif kind == "number":
        for key, word, side in (("minimum", "below its minimum", "max"), ("exclusiveMinimum", "at or below", "max"),
                                ("maximum", "above its maximum", "min"), ("exclusiveMaximum", "at or above", "min")):
            if key in field:
                bound = field[key]
                exclude = not key.startswith("exclusive")
                strategy = st.floats(max_value=bound, exclude_max=exclude, allow_nan=False, allow_infinity=False,
                                     width=32 if field.get("format") == "float" else 64) if side == "max" else \
                    st.floats(min_value=bound, exclude_min=exclude, allow_nan=False, allow_infinity=False,
                              width=32 if field.get("format") == "float" else 64)
                add(f"{word} {bound}", strategy)
    elif kind == "string" and field.get("format") not in ("date-time", "duration", "field-mask"):
        _string_violations(field, add)
    elif kind == "array":
        low, high = field.get("minItems", 0), field.get("maxItems")
        items = _value(field.get("items") or {"type": "string"})
        if low:
            add(f"with fewer than {low} items", st.lists(items, max_size=low - 1))
        if high is not None:
            add(f"with more than {high} items", st.lists(items, min_size=high + 1, max_size=high + _ITEMS_CAP))
        if field.get("uniqueItems") and (high is None or high >= 2):
            add("with a repeated item", items.map(lambda item: [item, item]))
    elif kind == "object" and "additionalProperties" in field:
        low, high = field.get("minProperties", 0), field.get("maxProperties")
        if low:
            add(f"with fewer than {low} entries", _map({**field, "minProperties": 0, "maxProperties": low - 1}))
        if high is not None:
            add(f"with more than {high} entries", _map({**field, "minProperties": high + 1}))
    if "enum" in field and (field.get("x-proto") or {}).get("type") != "TYPE_ENUM":  # PGV ``in``
        known = list(field["enum"])
        add("not one of its allowed values", _value({k: v for k, v in field.items() if k != "enum"})
            .filter(lambda v: v not in known))
    return out


def _string_violations(field: dict[str, Any], add: Any) -> None:
    low, high = field.get("minLength", 0), field.get("maxLength")
    byte = field.get("format") == "byte"

    def text(lo: int, hi: int) -> st.SearchStrategy[str]:
        if byte:
            return st.binary(min_size=lo, max_size=hi).map(lambda b: base64.b64encode(b).decode())
        return st.text(st.characters(codec="utf-8"), min_size=lo, max_size=hi)

    if low:
        add(f"shorter than its minimum length {low}", text(0, low - 1))
    if high is not None:
        add(f"longer than its maximum length {high}", text(high + 1, high + 10))
    if "const" in field:
        add(f"other than {field['const']!r}", text(0, _TEXT_CAP).filter(lambda t: t != field["const"]))
    if "pattern" in field:
        pattern = re.compile(field["pattern"])
        add(f"not matching {field['pattern']!r}",
            text(low, min(high if high is not None else _TEXT_CAP, low + _TEXT_CAP))
            .filter(lambda t: not pattern.search(t)))
    if field.get("format") in _CONSTRAINT_FORMATS:
        add(f"not a valid {field['format']}", st.from_regex(_NOT_FORMATTED, fullmatch=True)
            .filter(lambda t: low <= len(t) <= (high if high is not None else len(t))))
