"""input-unbounded: Request values without bounds (2.5, 2.8, 7.1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation, Schema
from apilint.rules._examples import proto, spec
from apilint.rules.s2_contract._request_fields import NUMBERS, request_fields

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
    for op, what, loc, path, schema in request_fields(api):
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
