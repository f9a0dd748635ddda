"""The normalised API model that OpenAPI and proto both map into; most rules read only this.

Every element carries a ``Loc``: the file and the pointer of the node *where it is defined* (a
schema reached through ``$ref`` points into the file and component that define it). For OpenAPI the
pointer is an RFC 6901 JSON pointer and line/column are filled in lazily; for proto it is
``/package.Element.field`` and line/column are known when the model is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

_SEGMENTS = re.compile(r"(?:\{[^}]*\}|[^/{])+")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


@dataclass(frozen=True)
class Loc:
    file: str
    pointer: str
    line: int | None = None
    column: int | None = None

    def child(self, *tokens: str | int) -> Loc:
        """A location below this one (only meaningful for JSON-pointer locations)."""
        from apilint.load.pointer import join

        return Loc(self.file, join(self.pointer, *tokens))


class Schema:
    """A JSON-Schema-like node. Subclasses resolve children (OpenAPI follows ``$ref``)."""

    loc: Loc
    data: dict[str, Any]
    name: str | None  # the component / message name when the schema is a named one

    def __init__(self, loc: Loc, data: dict[str, Any], name: str | None = None) -> None:
        self.loc, self.data, self.name = loc, data, name

    @property
    def key(self) -> tuple[str, str]:
        return (self.loc.file, self.loc.pointer)

    @property
    def type(self) -> str | None:
        kind = self.data.get("type")
        if isinstance(kind, list):  # 3.1: ["string", "null"]
            kind = next((k for k in kind if k != "null"), None)
        if kind is None and "properties" in self.data:
            return "object"
        if kind is None and "items" in self.data:
            return "array"
        return kind if isinstance(kind, str) else None

    @property
    def format(self) -> str | None:
        value = self.data.get("format")
        return value if isinstance(value, str) else None

    @property
    def required(self) -> list[str]:
        value = self.data.get("required")
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    @property
    def enum(self) -> list[Any] | None:
        value = self.data.get("enum")
        return value if isinstance(value, list) else None

    def properties(self) -> dict[str, Schema]:
        return {}

    def items(self) -> Schema | None:
        return None

    def composed(self) -> list[Schema]:
        """allOf / oneOf / anyOf members."""
        return []

    def all_properties(self) -> dict[str, Schema]:
        """Own properties plus those of allOf/oneOf/anyOf members (first definition wins)."""
        result: dict[str, Schema] = {}
        seen: set[tuple[str, str]] = set()
        stack: list[Schema] = [self]  # depth first, members in order (a recursive closure would be a cycle)
        while stack:
            schema = stack.pop()
            if schema.key in seen:
                continue
            seen.add(schema.key)
            for name, prop in schema.properties().items():
                result.setdefault(name, prop)
            stack.extend(reversed(schema.composed()))
        return result

    def walk(self, seen: set[tuple[str, str]] | None = None) -> Iterator[tuple[str, Schema]]:
        """Every schema reachable from this one, once each (cycle-safe), with a dotted field path.
        Pass one ``seen`` set to several walks to visit each schema once across all of them."""
        seen = set() if seen is None else seen
        stack: list[tuple[str, Schema]] = [("", self)]
        while stack:
            path, schema = stack.pop()
            if schema.key in seen:
                continue
            seen.add(schema.key)
            yield path, schema
            for name, prop in reversed(schema.properties().items()):
                stack.append((f"{path}.{name}" if path else name, prop))
            item = schema.items()
            if item is not None:
                stack.append((f"{path}[]", item))
            for member in schema.composed():
                stack.append((path, member))


@dataclass
class Parameter:
    name: str
    location: str  # path, query, header, cookie (proto: field)
    required: bool
    schema: Schema | None
    loc: Loc
    description: str | None = None
    deprecated: bool = False


@dataclass
class Body:
    """A request or response body: one schema per media type."""

    loc: Loc
    content: dict[str, Schema | None]
    required: bool = False
    description: str | None = None

    @property
    def schema(self) -> Schema | None:
        """The JSON schema when there is one, else the first schema."""
        for media_type, schema in self.content.items():
            if "json" in media_type and schema is not None:
                return schema
        return next((s for s in self.content.values() if s is not None), None)


@dataclass
class Response:
    status: str  # "200", "4XX", "default"; proto: "OK"
    loc: Loc
    description: str | None
    body: Body | None
    headers: dict[str, Parameter] = field(default_factory=dict)


@dataclass
class Operation:
    name: str  # operationId, else "METHOD path"; proto: the RPC name
    loc: Loc
    method: str | None  # lower-case HTTP method (proto: from google.api.http, else None)
    path: str | None  # path template (proto: from google.api.http)
    operation_id: str | None = None
    summary: str | None = None
    description: str | None = None
    parameters: list[Parameter] = field(default_factory=list)
    request: Body | None = None
    responses: dict[str, Response] = field(default_factory=dict)
    deprecated: bool = False
    tags: list[str] = field(default_factory=list)
    security: list[dict[str, list[str]]] | None = None  # None: inherits the API's
    streaming: tuple[bool, bool] = (False, False)  # proto: client, server streaming
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        if self.method and self.path:
            return f"{self.method.upper()} {self.path}"
        return self.name

    @property
    def path_segments(self) -> list[str]:
        """Segments of the path; a google.api.http variable like ``{name=orders/*}`` stays one segment."""
        return [s for s in _SEGMENTS.findall(self.path or "") if s]

    def responses_in(self, first_digit: str) -> list[Response]:
        return [r for s, r in self.responses.items() if s[:1] == first_digit]

    @property
    def success(self) -> Response | None:
        for status in sorted(self.responses):
            if status.startswith("2"):
                return self.responses[status]
        return self.responses.get("OK")


@dataclass
class Api:
    format: str  # "openapi" or "proto"
    spec_version: str  # "2.0", "3.0.3", "3.1.0", "proto3", ...
    title: str | None
    version: str | None  # info.version
    file: str  # the root file as shown
    servers: list[str] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    schemas: dict[str, Schema] = field(default_factory=dict)  # named schemas / messages
    security_schemes: dict[str, dict[str, Any]] = field(default_factory=dict)
    security: list[dict[str, list[str]]] = field(default_factory=list)
    info_loc: Loc | None = None
    raw: Any = field(default=None, repr=False)  # the raw root document (OpenAPI) or descriptors (proto)
    workspace: Any = field(default=None, repr=False)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # per-API facts rules share (see per_api)
