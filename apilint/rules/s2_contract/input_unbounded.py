"""input-unbounded: Request values without bounds (2.5, 2.8, 7.1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Schema
from apilint.model.proto import proto_workspace
from apilint.rules._examples import proto, spec
from apilint.rules._inventory import request_roots
from apilint.rules.s2_contract._request_fields import NUMBERS

_SPEC = spec("""
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
    """)


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
    if kind in NUMBERS:
        low = "minimum" in data or "exclusiveMinimum" in data
        high = "maximum" in data or "exclusiveMaximum" in data
        if low and high:
            return None
        return f"{kind} without {'minimum/maximum' if not (low or high) else 'maximum' if low else 'minimum'}"
    return None


_PROTO_INPUT_UNBOUNDED_BAD = proto("""
        service Orders {
          rpc CreateOrder(CreateOrderRequest) returns (Order);
        }
        message CreateOrderRequest {
          string request_id = 1 [(validate.rules).string.max_len = 64];
          string note = 2;
        }
        message Order { string name = 1; }
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])


_PROTO_INPUT_UNBOUNDED_GOOD = proto("""
        service Orders {
          rpc CreateOrder(CreateOrderRequest) returns (Order);
        }
        message CreateOrderRequest {
          string request_id = 1 [(validate.rules).string.max_len = 64];
          string note = 2 [(validate.rules).string.max_len = 500];
        }
        message Order { string name = 1; }
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])


@rule(id="input-unbounded", title="Request values without bounds", sections=("2.5", "2.8", "7.1"), severity="info",
      reads_descriptions=False,
      formats=("openapi", "proto"), presets=("strict",), rationale="""
A string without maxLength, an array without maxItems or a number without bounds accepts anything:
`quantity: -5` silently becomes 0, a 50 MB "name" reaches the database, a 10-million-element array
reaches a loop. Be strict at the boundary and declare what is valid, so the gateway and generated
clients can enforce it (anti-patterns 2.5, 2.8 and 7.1). Values of a shared schema (an OpenAPI
component, a proto message used by several requests) are reported once, at the definition where they
are fixed.""",
      fix="Add maxLength (or a format/pattern/enum) to strings, maxItems to arrays and minimum/maximum to numbers "
          "in request schemas (proto: protovalidate rules).",
      examples=[Example("proto", bad=_PROTO_INPUT_UNBOUNDED_BAD, good=_PROTO_INPUT_UNBOUNDED_GOOD),
                Example("openapi", bad=_SPEC.format(extra="", note="", quantity="", tags=""),
                        good=_SPEC.format(extra="", note=", maxLength: 500", quantity=", minimum: 1, maximum: 100",
                                          tags="maxItems: 10, "))])
def input_unbounded(api: Api, ctx: Context) -> Iterator[Issue]:
    gaps: dict[tuple[str, str], list[str]] = defaultdict(list)
    where: dict[tuple[str, str], tuple[str, Loc]] = {}
    for label, loc, path, schema in _owned_fields(api):
        gap = _gap(schema)
        if gap is None:
            continue
        key = (loc.file, loc.pointer)
        where.setdefault(key, (label, loc))
        gaps[key].append(f"{path} ({gap})" if path else gap)
    for key, items in gaps.items():
        label, loc = where[key]
        shown = "; ".join(items[:5]) + (f"; and {len(items) - 5} more" if len(items) > 5 else "")
        yield Issue(loc, f"{label}: unbounded input: {shown}", hint="add maxLength / maxItems / minimum and maximum")


def _owned_fields(api: Api) -> Iterator[tuple[str, Loc, str, Schema]]:
    """(owner label, owner loc, field path, schema) for every request value, each schema once; the path
    is empty for a named schema's own value.

    A value inside a named schema (an OpenAPI component, a nested proto message) belongs to that
    definition, so a shared schema is reported once where it is fixed rather than under whichever
    operation reached it first. A proto request message is its RPC's own and keeps the RPC's label.
    """
    seen: set[tuple[str, str]] = set()
    for op, what, root in request_roots(api):
        if what.startswith("parameter"):
            param = next((p for p in op.parameters if p.schema is root), None)
            if root.key not in seen:
                seen.add(root.key)
                yield f"{op.label} {what}", param.loc if param else root.loc, param.name if param else what, root
            continue
        stack: list[tuple[str, Schema, str, Loc | None]] = [("(body)", root, f"{op.label} {what}", None)]
        while stack:
            path, schema, label, owner = stack.pop()
            if schema.key in seen:
                continue
            seen.add(schema.key)
            definition = _definition(api, root, schema)
            if definition is not None and definition[1] != owner:
                # a proto field is a member of its message; an OpenAPI component is the definition itself
                path = path.rpartition(".")[2] if api.format == "proto" else ""
                label, owner = f"{definition[0]} (request input, e.g. {op.label})", definition[1]
            yield label, owner or root.loc, path, schema
            base = "" if path == "(body)" else path
            for name, prop in reversed(schema.properties().items()):
                stack.append((f"{base}.{name}" if base else name, prop, label, owner))
            item = schema.items()
            if item is not None:
                stack.append((f"{base}[]", item, label, owner))
            for member in schema.composed():
                stack.append((path, member, label, owner))


def _definition(api: Api, root: Schema, schema: Schema) -> tuple[str, Loc] | None:
    """The named definition ``schema`` starts, if any: an OpenAPI component schema, or for a proto field
    the message declaring it (other than the request message itself)."""
    if api.format == "openapi":
        return (f"schema {schema.name}", schema.loc) if schema.name and schema.loc.file else None
    message = proto_workspace(api).by_fqn.get(schema.loc.pointer[1:].rpartition(".")[0]) if schema is not root else None
    if message is None or message.kind != "message" or message.loc == root.loc:
        return None
    return f"message {message.name}", message.loc
