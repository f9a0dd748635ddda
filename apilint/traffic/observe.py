"""One observed JSON body checked against its schema; what it shows goes to a sink.

The checks are the ones a traffic report needs, not full validation (the proxy validates): types
(``nullable`` and 3.1 type lists honoured), the formats in ``values.FORMATS``, enums, undocumented
properties (of schemas that list properties and are not maps), required properties that were absent.
Redacted strings are checked for their type only. Each schema is compiled once into a ``Plan``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from apilint.model.core import Schema
from apilint.traffic.values import FORMATS, is_redacted, json_type, type_allowed

MAX_DEPTH = 32
MAX_ITEMS = 100  # array items checked per array


class Sink(Protocol):
    def seen(self, field: str) -> None: ...
    def undocumented(self, owner: Schema, name: str, field: str, value: Any) -> None: ...
    def contradiction(self, schema: Schema, field: str, what: str, expected: str, observed: str,
                      value: Any) -> None: ...
    def enum_value(self, schema: Schema, field: str, value: Any, known: bool) -> None: ...
    def absent(self, owner: Schema, name: str, field: str, value: Any) -> None: ...


@dataclass(slots=True)
class Plan:
    schema: Schema
    types: frozenset[str] | None  # allowed JSON types; None: not stated
    format: str | None  # a checked format
    enum: frozenset[Any] | None  # hashable enum values
    properties: dict[str, Schema] | None  # None: a free-form object or a map, names are not checked
    required: tuple[str, ...]
    items: Schema | None


def _types(data: dict[str, Any]) -> frozenset[str] | None:
    kind = data.get("type")
    if isinstance(kind, str):
        kinds = {kind}
    elif isinstance(kind, list):
        kinds = {k for k in kind if isinstance(k, str)}
    else:
        return None
    if data.get("nullable") is True or (isinstance(data.get("enum"), list) and None in data["enum"]):
        kinds.add("null")
    return frozenset(kinds)


def compile_plan(schema: Schema) -> Plan:
    data = schema.data
    enum = schema.enum
    hashable = None
    if enum is not None and all(isinstance(v, str | int | float | bool) or v is None for v in enum):
        hashable = frozenset(enum)
    members = schema.composed()
    properties: dict[str, Schema] | None = schema.all_properties() if ("properties" in data or members) else None
    if (properties is not None and not properties) or isinstance(data.get("additionalProperties"), dict):
        properties = None
    required = list(schema.required)
    if "oneOf" not in data and "anyOf" not in data:  # allOf members' required hold too
        for member in members:
            required.extend(n for n in member.required if n not in required)
    fmt = schema.format if schema.format in FORMATS else None
    return Plan(schema, _types(data), fmt, hashable, properties, tuple(required), schema.items())


class Checker:
    def __init__(self) -> None:
        self._plans: dict[tuple[str, str], Plan] = {}

    def plan(self, schema: Schema) -> Plan:
        plan = self._plans.get(schema.key)
        if plan is None:
            plan = self._plans[schema.key] = compile_plan(schema)
        return plan

    def check(self, value: Any, schema: Schema, sink: Sink, field: str = "", depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        plan = self.plan(schema)
        observed = json_type(value)
        if plan.types is not None and not type_allowed(observed, plan.types):
            sink.contradiction(schema, field, "type", "|".join(sorted(plan.types)), observed, value)
            return
        if observed == "string":
            if is_redacted(value):
                return
            if plan.format is not None and not FORMATS[plan.format](value):
                sink.contradiction(schema, field, "format", plan.format, "not " + plan.format, value)
        if plan.enum is not None and observed != "object" and observed != "array":
            sink.enum_value(schema, field, value, value in plan.enum)
        if observed == "object":
            self._object(value, plan, sink, field, depth)
        elif observed == "array" and plan.items is not None:
            inner = f"{field}[]"
            for item in value[:MAX_ITEMS]:
                self.check(item, plan.items, sink, inner, depth + 1)

    def _object(self, value: dict[str, Any], plan: Plan, sink: Sink, field: str, depth: int) -> None:
        for name in plan.required:
            if name not in value:
                sink.absent(plan.schema, name, f"{field}.{name}" if field else name, value)
        properties = plan.properties
        if properties is None:
            return
        for name, item in value.items():
            inner = f"{field}.{name}" if field else name
            child = properties.get(name)
            if child is None:
                sink.undocumented(plan.schema, name, inner, item)
            else:
                sink.seen(inner)
                self.check(item, child, sink, inner, depth + 1)
