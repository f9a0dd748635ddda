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
from apilint.traffic.values import FORMATS, REDACTED, TYPES

MAX_DEPTH = 32
MAX_ITEMS = 100  # array items checked per array
MAX_NAMES = 1000  # field paths remembered per schema and parent path


class Sink(Protocol):
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
    paths: dict[str, dict[str, str]]  # parent field path -> property name -> its field path (built once)
    children: dict[str, Plan]  # property name -> its plan, filled as names are met
    simple: bool  # a scalar value needs at most its type checked (no format, no enum)

    def path(self, parent: str, name: str) -> str:
        names = self.paths.get(parent)
        if names is None:
            names = self.paths[parent] = {}
        found = names.get(name)
        if found is None:
            found = f"{parent}.{name}" if parent else name
            if len(names) < MAX_NAMES:
                names[name] = found
        return found


def _types(data: dict[str, Any]) -> frozenset[str] | None:
    kind = data.get("type")
    if isinstance(kind, str):
        kinds = {kind}
    elif isinstance(kind, list):
        kinds = {k for k in kind if isinstance(k, str)}
    else:
        return None
    if "number" in kinds:
        kinds.add("integer")
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
    return Plan(schema, _types(data), fmt, hashable, properties, tuple(required), schema.items(), {}, {},
                fmt is None and hashable is None)


class Checker:
    """Checks values against schemas; ``fields`` (a set the caller owns) collects the documented field
    paths seen, up to ``max_fields``."""

    def __init__(self, max_fields: int = 2000) -> None:
        self._plans: dict[int, Plan] = {}  # by id(schema): the model keeps one object per schema
        self.max_fields = max_fields

    def plan(self, schema: Schema) -> Plan:
        plan = self._plans.get(id(schema))
        if plan is None:
            plan = self._plans[id(schema)] = compile_plan(schema)
        return plan

    def check(self, value: Any, schema: Schema, sink: Sink, fields: set[str]) -> None:
        self._check(value, self.plan(schema), sink, fields, "", 0)

    def _check(self, value: Any, plan: Plan, sink: Sink, fields: set[str], field: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        kind = type(value)
        if plan.types is not None:
            observed = TYPES.get(kind, "string")
            if observed not in plan.types:
                sink.contradiction(plan.schema, field, "type", "|".join(sorted(plan.types)), observed, value)
                return
        if kind is dict:
            self._object(value, plan, sink, fields, field, depth)
            return
        if kind is list:
            if plan.items is not None:
                inner, item_plan = f"{field}[]", self.plan(plan.items)
                for item in value[:MAX_ITEMS]:
                    self._check(item, item_plan, sink, fields, inner, depth + 1)
            return
        if kind is str:
            if value.startswith(REDACTED):
                return
            if plan.format is not None and not FORMATS[plan.format](value):
                sink.contradiction(plan.schema, field, "format", plan.format, "not " + plan.format, value)
        if plan.enum is not None:
            sink.enum_value(plan.schema, field, value, value in plan.enum)

    def _object(self, value: dict[str, Any], plan: Plan, sink: Sink, fields: set[str], field: str,
                depth: int) -> None:
        for name in plan.required:
            if name not in value:
                sink.absent(plan.schema, name, plan.path(field, name), value)
        properties = plan.properties
        if properties is None:
            return
        room = len(fields) < self.max_fields
        children = plan.children
        for name, item in value.items():
            inner = plan.path(field, name)
            child = children.get(name)
            if child is None:
                schema = properties.get(name)
                if schema is None:
                    sink.undocumented(plan.schema, name, inner, item)
                    continue
                child = children[name] = self.plan(schema)
            if room:
                fields.add(inner)
            kind = type(item)
            if child.simple and kind is not dict and kind is not list:  # a scalar with a type to check at most
                if child.types is not None and TYPES.get(kind, "string") not in child.types:
                    self._check(item, child, sink, fields, inner, depth + 1)
                continue
            self._check(item, child, sink, fields, inner, depth + 1)
