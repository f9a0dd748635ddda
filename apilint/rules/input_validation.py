"""Strict, consistent validation at the boundary (2.5, 2.8)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation, Schema
from apilint.rules._inventory import cached_words, request_roots

GENERIC_NAMES = ["name", "title", "description", "id", "type", "status", "state", "value", "key", "page",
                 "per_page", "limit", "offset", "cursor", "q", "query", "sort", "order", "direction", "filter",
                 "fields", "expand", "include", "body", "message", "data", "metadata", "tags", "labels", "content",
                 "text", "note", "notes", "comment", "label", "path", "ref", "version", "mode", "kind", "format",
                 "size", "count", "start", "end", "from", "to", "since", "before", "after", "search", "code",
                 "reason", "role", "scope", "source", "target", "config", "settings", "options", "items", "amount",
                 # page sizes: each collection has its own bound (YouTube: 1-50 here, 1-100 there)
                 "maxresults", "max_results", "pagesize", "page_size", "perpage", "maxitems", "max_items", "top"]
# An `identifier` or `Arn` names a different resource in each operation (a room here, a logging
# configuration there): their patterns differ by design; only a missing constraint is inconsistent.
_IDENTIFIER_WORDS = {"id", "ids", "arn", "arns", "identifier", "identifiers", "uuid"}
_NUMBERS = ("integer", "number")

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema:
              type: object
              {extra}properties:
                note: {{type: string{note}}}
                quantity: {{type: integer{quantity}}}
                tags: {{type: array, {tags}items: {{type: string, enum: [gift, express]}}}}
      responses: {{'201': {{description: Created}}}}
"""


def _gap(schema: Schema) -> str | None:
    """What bound a request value lacks, or None when it is bounded."""
    data = schema.data
    if data.get("readOnly") is True or "enum" in data or "const" in data:
        return None
    kind = schema.type
    if kind == "string":
        if any(k in data for k in ("maxLength", "pattern")) or schema.format:
            return None
        return "string without maxLength"
    if kind == "array":
        return None if "maxItems" in data else "array without maxItems"
    if kind in _NUMBERS:
        low = "minimum" in data or "exclusiveMinimum" in data
        high = "maximum" in data or "exclusiveMaximum" in data
        if low and high:
            return None
        return f"{kind} without {'minimum/maximum' if not (low or high) else 'maximum' if low else 'minimum'}"
    return None


def _request_fields(api: Api) -> list[tuple[Operation, str, Loc, str, Schema]]:
    """(operation, root description, root loc, field path, schema) for every request value, each schema once."""
    cached = getattr(api, "_apilint_request_fields", None)
    if cached is not None:
        return cached
    seen: set[tuple[str, str]] = set()
    fields = []
    for op, what, root in request_roots(api):
        loc = root.loc
        if what.startswith("parameter"):
            param = next((p for p in op.parameters if p.schema is root), None)
            name = param.name if param else what
            loc = param.loc if param else loc
            if root.key in seen:
                continue
            seen.add(root.key)
            fields.append((op, what, loc, name, root))
            continue
        for path, schema in root.walk(seen):
            fields.append((op, what, loc, path, schema))
    api._apilint_request_fields = fields  # type: ignore[attr-defined]
    return fields


_PROTO_INPUT_UNBOUNDED_BAD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Orders {
  rpc CreateOrder(CreateOrderRequest) returns (Order);
}
message CreateOrderRequest {
  string request_id = 1 [(validate.rules).string.max_len = 64];
  string note = 2;
}
message Order { string name = 1; }
"""
_PROTO_INPUT_UNBOUNDED_GOOD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Orders {
  rpc CreateOrder(CreateOrderRequest) returns (Order);
}
message CreateOrderRequest {
  string request_id = 1 [(validate.rules).string.max_len = 64];
  string note = 2 [(validate.rules).string.max_len = 500];
}
message Order { string name = 1; }
"""

@rule(id="input-unbounded", title="Request values without bounds", sections=("2.5", "2.8", "7.1"), severity="info",
      formats=("openapi", "proto"), presets=("strict",), rationale="""
A string without maxLength, an array without maxItems or a number without bounds accepts anything:
`quantity: -5` silently becomes 0, a 50 MB "name" reaches the database, a 10-million-element array
reaches a loop. Be strict at the boundary and declare what is valid, so the gateway and generated
clients can enforce it (anti-patterns 2.5, 2.8 and 7.1).""",
      fix="Add maxLength (or a format/pattern/enum) to strings, maxItems to arrays and minimum/maximum to numbers "
          "in request schemas (proto: protovalidate rules).",
      examples=[Example("proto", bad=_PROTO_INPUT_UNBOUNDED_BAD, good=_PROTO_INPUT_UNBOUNDED_GOOD),
                Example("openapi", bad=_SPEC.format(extra="", note="", quantity="", tags=""),
                        good=_SPEC.format(extra="", note=", maxLength: 500", quantity=", minimum: 1, maximum: 100",
                                          tags="maxItems: 10, "))])
def input_unbounded(api: Api, ctx: Context) -> Iterator[Issue]:
    gaps: dict[tuple[str, str], list[str]] = defaultdict(list)
    where: dict[tuple[str, str], tuple[Operation, str, Loc]] = {}
    for op, what, loc, path, schema in _request_fields(api):
        gap = _gap(schema)
        if gap is None:
            continue
        key = (loc.file, loc.pointer)
        where.setdefault(key, (op, what, loc))
        gaps[key].append(f"{path or '(body)'} ({gap})")
    for key, items in gaps.items():
        op, what, loc = where[key]
        shown = "; ".join(items[:5]) + (f"; and {len(items) - 5} more" if len(items) > 5 else "")
        yield Issue(loc, f"{op.label} {what}: unbounded input: {shown}",
                    hint="add maxLength / maxItems / minimum and maximum")


def _signature(schema: Schema) -> tuple[Any, ...] | None:
    data = schema.data
    if schema.type == "string":
        return ("string", data.get("maxLength"), data.get("minLength"), data.get("pattern"), schema.format)
    if schema.type in _NUMBERS:
        return ("number", data.get("minimum"), data.get("maximum"))
    if schema.type == "array":
        return ("array", data.get("maxItems"))
    return None


def _describe(sig: tuple[Any, ...]) -> str:
    keys = {"string": ("maxLength", "minLength", "pattern", "format"), "number": ("minimum", "maximum"),
            "array": ("maxItems",)}[sig[0]]
    parts = [f"{k} {v}" for k, v in zip(keys, sig[1:], strict=True) if v is not None]
    return ", ".join(parts) or "no constraints"


_INCONSISTENT_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/customers:
    post:
      operationId: createCustomer
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                email: {{type: string, format: email, maxLength: 254}}
      responses: {{'201': {{description: Created}}}}
  /v1/newsletter-subscriptions:
    post:
      operationId: createNewsletterSubscription
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                email: {{type: string{second}}}
      responses: {{'201': {{description: Created}}}}
"""


_PROTO_VALIDATION_INCONSISTENT_BAD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Orders {
  rpc CreateOrder(CreateOrderRequest) returns (Order);
  rpc CreateRefund(CreateRefundRequest) returns (Order);
}
message CreateOrderRequest { string contact_email = 1 [(validate.rules).string.max_len = 50]; }
message CreateRefundRequest { string contact_email = 1 [(validate.rules).string.max_len = 255]; }
message Order { string name = 1; }
"""
_PROTO_VALIDATION_INCONSISTENT_GOOD = """syntax = "proto3";
package shop.v1;
import "google/api/annotations.proto";
import "validate/validate.proto";
service Orders {
  rpc CreateOrder(CreateOrderRequest) returns (Order);
  rpc CreateRefund(CreateRefundRequest) returns (Order);
}
message CreateOrderRequest { string contact_email = 1 [(validate.rules).string.max_len = 255]; }
message CreateRefundRequest { string contact_email = 1 [(validate.rules).string.max_len = 255]; }
message Order { string name = 1; }
"""

@rule(id="validation-inconsistent", title="The same field is validated differently across operations",
      sections=("2.8",), severity="warning", formats=("openapi", "proto"), presets=("strict",),
      options={"generic_names": GENERIC_NAMES}, rationale="""
When `email` has a pattern on one endpoint and none on another, or a maxLength of 50 here and 255 there,
the same value is accepted by one operation and rejected (or silently truncated) by the next: clients
cannot validate once, and data that entered through the lenient endpoint breaks the strict one
(anti-pattern 2.8). Generic names (`name`, `id`, `description`, ...) differ legitimately between
resources and are skipped; the list is an option.""",
      fix="Define the field once (a shared component or parameter) and reference it from every operation.",
      examples=[Example("proto", bad=_PROTO_VALIDATION_INCONSISTENT_BAD, good=_PROTO_VALIDATION_INCONSISTENT_GOOD),
                Example("openapi", bad=_INCONSISTENT_SPEC.format(second=""),
                        good=_INCONSISTENT_SPEC.format(second=", format: email, maxLength: 254"))])
def validation_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    generic = ctx.words("generic_names")
    by_name: dict[tuple[str, str, str], list[tuple[tuple[Any, ...], Operation, Schema, Loc]]] = defaultdict(list)
    for op, what, loc, path, schema in _request_fields(api):
        name = path  # top-level fields and parameters only: nested names (address.city) have context
        if not name or "." in name or name.endswith("]") or name.lower() in generic:
            continue
        sig = _signature(schema)
        if sig is None:
            continue
        at = loc if what.startswith("parameter") else schema.loc
        by_name[(_package(op) if api.format == "proto" else "", name, sig[0])].append((sig, op, schema, at))
    for (_, name, _), entries in by_name.items():
        words_of_name = cached_words(name)
        compare = _constrained if words_of_name and words_of_name[-1] in _IDENTIFIER_WORDS else _same
        counts = Counter(compare(sig) for sig, *_ in entries)
        if len(counts) < 2:
            continue
        common, _count = counts.most_common(1)[0]
        first = next(e for e in entries if compare(e[0]) == common)
        for sig, op, _schema, at in entries:
            if compare(sig) != common and op is not first[1]:
                yield Issue(at, f"'{name}' in {op.label} has {_describe(sig)}, but in {first[1].label} "
                            f"{_describe(first[0])}", hint="define the field once and reference it everywhere")
                break


def _package(op: Operation) -> str:
    """A proto tree holds many APIs: fields are compared within their package (``/shop.v1.Orders.Get``)."""
    return op.loc.pointer.lstrip("/").rsplit(".", 2)[0]


def _same(sig: tuple[Any, ...]) -> tuple[Any, ...]:
    return sig


def _constrained(sig: tuple[Any, ...]) -> bool:
    return any(value is not None for value in sig[1:])


def _strict_spec(last_closed: bool) -> str:
    parts = ["openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths:\n"]
    for i in range(4):
        extra = "additionalProperties: false, " if i < 3 or last_closed else ""
        parts.append(f"  /v1/r{i}:\n    post:\n      operationId: createR{i}\n      requestBody:\n"
                     "        content:\n          application/json:\n"
                     f"            schema: {{type: object, {extra}"
                     "properties: {note: {type: string, maxLength: 10}}}\n"
                     "      responses: {'201': {description: Created}}\n")
    return "".join(parts)


def _closed(schema: Schema) -> bool:
    return schema.data.get("additionalProperties") is False or schema.data.get("unevaluatedProperties") is False


@rule(id="unknown-fields-accepted", title="Request schema silently accepts unknown fields in a strict API",
      sections=("2.5",), severity="warning", options={"min_share": 0.6, "min_strict": 3}, rationale="""
An API whose request schemas mostly say `additionalProperties: false` promises to reject unknown
fields; the few that do not silently drop them. A client's typo is accepted and ignored, and when a
field of that name is added later with different semantics, old clients change behaviour without
changing code (anti-pattern 2.5: accept unknown fields only where explicitly designed for it).""",
      fix="Add `additionalProperties: false` to the request schema, like the rest of the API.",
      examples=[Example("openapi", bad=_strict_spec(False), good=_strict_spec(True))])
def unknown_fields_accepted(api: Api, ctx: Context) -> Iterator[Issue]:
    roots = [(op, schema) for op, what, schema in request_roots(api) if what.startswith("request")
             and schema.type == "object" and schema.properties()]
    closed = [r for r in roots if _closed(r[1])]
    if len(closed) < int(ctx.option("min_strict")) or len(closed) / max(len(roots), 1) < float(ctx.option("min_share")):
        return
    for op, schema in roots:
        if not _closed(schema):
            yield Issue(schema.loc, f"{op.label}: the request body accepts unknown fields, but {len(closed)} of "
                        f"{len(roots)} request bodies in this API reject them", hint="add additionalProperties: false")
