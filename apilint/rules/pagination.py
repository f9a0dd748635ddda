"""List operations must be paginated before first release (3.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import (
    collection_field,
    input_fields,
    is_list_operation,
    is_path_param,
    response_schema,
    words,
)
from apilint.rules._shared import spec

PAGE_INPUTS = ["page_token", "pagetoken", "cursor", "page", "offset", "limit", "page_size", "pagesize",
               "per_page", "perpage", "after", "before", "starting_after", "ending_before", "marker",
               "continuation_token", "continue", "next_token", "since", "max_results", "maxresults", "top",
               "skip", "start"]

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      parameters:{params}
      responses:
        '200':
          description: A page of orders
          content:
            application/json:
              schema:
                type: object
                properties:
                  orders: {{type: array, items: {{type: object}}}}{token}
"""
_PROTO_BAD = """syntax = "proto3";
package shop.v1;
service OrderService {
  rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);
}
message ListOrdersRequest { string parent = 1; }
message ListOrdersResponse { repeated Order orders = 1; }
message Order { string name = 1; }
"""
_PROTO_GOOD = """syntax = "proto3";
package shop.v1;
service OrderService {
  rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);
}
message ListOrdersRequest {
  string parent = 1;
  int32 page_size = 2;
  string page_token = 3;
}
message ListOrdersResponse {
  repeated Order orders = 1;
  string next_page_token = 2;
}
message Order { string name = 1; }
"""


_VERSION = re.compile(r"v\d+((alpha|beta)\d*)?")


def _normal(name: str) -> str:
    return "_".join(words(name))


@rule(id="pagination-missing", title="List operation is not paginated", sections=("3.2",), severity="error",
      formats=("openapi", "proto"), rationale="""
Every list operation must be paginated before its first release. Returning everything works at launch
and fails at scale (responses of hundreds of megabytes, timeouts, clients crashing on deserialisation),
and retrofitting pagination later is a breaking change: clients that assumed a complete list silently
miss data (anti-pattern 3.2). The only exemption is a naturally size-limited result such as a top-N.""",
      fix="Accept `page_size` and `page_token` and return `next_page_token` (absent on the last page).",
      options={"inputs": PAGE_INPUTS},
      examples=[
          Example("openapi", bad=_SPEC.format(params=" []", token=""),
                  good=_SPEC.format(params="\n        - {name: page_size, in: query, schema: {type: integer, "
                                           "maximum: 100}}\n        - {name: page_token, in: query, schema: "
                                           "{type: string}}",
                                    token="\n                  next_page_token: {type: string}")),
          Example("proto", bad=_PROTO_BAD, good=_PROTO_GOOD),
      ])
def pagination_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    page_inputs = {_normal(w) for w in ctx.words("inputs")}
    for op in api.operations:
        if not is_list_operation(op):
            continue
        if any(_normal(name) in page_inputs for name in input_fields(op)):
            continue
        found = collection_field(response_schema(op))
        if found is not None and "maxItems" in found[1].data:
            continue  # naturally size-limited (a top-N): the one exemption of 3.2
        if op.path_segments and _VERSION.fullmatch(op.path_segments[-1]):
            continue  # API discovery documents (/apis/group/v1/) list the API itself, not data
        what = f"the list '{found[0]}'" if found and found[0] else "the list"
        yield Issue(op.loc, f"{op.label} returns {what} without pagination",
                    hint="accept page_size and page_token; return next_page_token")


def is_paginated(op, page_inputs: frozenset[str] | set[str]) -> bool:
    return any(_normal(name) in page_inputs for name in input_fields(op))


_BARE_BAD = spec("""
/v1/orders:
  get:
    operationId: listOrders
    responses:
      '200':
        description: All orders
        content:
          application/json:
            schema: {type: array, items: {type: object, properties: {id: {type: string}}}}
""")
_BARE_GOOD = spec("""
/v1/orders:
  get:
    operationId: listOrders
    parameters:
      - {name: page_size, in: query, schema: {type: integer, maximum: 100}}
      - {name: page_token, in: query, schema: {type: string}}
    responses:
      '200':
        description: A page of orders
        content:
          application/json:
            schema:
              type: object
              properties:
                orders: {type: array, items: {type: object, properties: {id: {type: string}}}}
                next_page_token: {type: string}
""")


@rule(id="list-bare-array", title="List operation returns a bare top-level array", sections=("3.2",),
      severity="warning", rationale="""
A response that is a bare JSON array cannot grow: there is no place to add a `next_page_token`, an
approximate total or any other metadata later without changing the response type, which breaks every
client. Retrofitting pagination is a breaking change (anti-pattern 3.2), so the list must be wrapped in
an object from the first release. Lists that already take pagination parameters are not flagged.""",
      fix="Return an object that carries the list in a named property (`{\"orders\": [...], "
          "\"next_page_token\": \"...\"}`).",
      options={"inputs": PAGE_INPUTS},
      examples=[Example("openapi", bad=_BARE_BAD, good=_BARE_GOOD)])
def list_bare_array(api: Api, ctx: Context) -> Iterator[Issue]:
    page_inputs = {_normal(w) for w in ctx.words("inputs")}
    for op in api.operations:
        if op.method != "get" or not op.path_segments or is_path_param(op.path_segments[-1]):
            continue
        schema = response_schema(op)
        if schema is None or schema.type != "array" or is_paginated(op, page_inputs):
            continue
        yield Issue(op.success.loc if op.success else op.loc,  # type: ignore[union-attr]
                    f"{op.label} returns a bare JSON array: wrap the list in an object "
                    "(e.g. {\"items\": [...], \"next_page_token\": ...}) so pagination can be added without a "
                    "breaking change", hint="return an object with the list in a named property")


PAGE_SIZE_INPUTS = ["page_size", "pagesize", "limit", "per_page", "perpage", "max_results", "maxresults",
                    "max_items", "maxitems", "top", "page_limit", "max_page_size"]

_SIZE_BAD = spec("""
/v1/orders:
  get:
    operationId: listOrders
    parameters:
      - {name: page_size, in: query, schema: {type: integer, minimum: 1}}
      - {name: page_token, in: query, schema: {type: string}}
    responses:
      '200':
        description: A page of orders
        content:
          application/json:
            schema:
              type: object
              properties:
                orders: {type: array, items: {type: object}}
                next_page_token: {type: string}
""")
_SIZE_PROTO = """syntax = "proto3";
package shop.v1;
import "validate/validate.proto";
service OrderService {{
  rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);
}}
message ListOrdersRequest {{
  string parent = 1;
  int32 page_size = 2{rule};
  string page_token = 3;
}}
message ListOrdersResponse {{
  repeated Order orders = 1;
  string next_page_token = 2;
}}
message Order {{ string name = 1; }}
"""


@rule(id="page-size-unbounded", title="Page size has no upper bound", sections=("3.2",), severity="warning",
      formats=("openapi", "proto"), rationale="""
`page_size` is an upper bound the service enforces, not a target the client chooses freely: without a
documented maximum a caller asks for a million items per page and the paginated list is unbounded again
(anti-pattern 3.2: `int32 page_size = 1 [(validate.rules).int32 = {gte: 0, lte: 1000}]`).""",
      fix="Declare a `maximum` on the page-size parameter (proto: `(validate.rules).int32.lte`) and document "
          "the default.",
      options={"inputs": PAGE_SIZE_INPUTS},
      examples=[Example("openapi", bad=_SIZE_BAD, good=_SIZE_BAD.replace("minimum: 1}", "minimum: 1, maximum: 100}")),
                Example("proto", bad=_SIZE_PROTO.format(rule=""),
                        good=_SIZE_PROTO.format(rule=" [(validate.rules).int32 = {gte: 0, lte: 1000}]"))])
def page_size_unbounded(api: Api, ctx: Context) -> Iterator[Issue]:
    names = {_normal(w) for w in ctx.words("inputs")}
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        if op.method not in (None, "get") or not is_list_operation(op):
            continue
        fields = input_fields(op)
        for name, schema in fields.items():
            if _normal(name) not in names or schema is None or schema.type not in ("integer", "number"):
                continue
            if "maximum" in schema.data or "exclusiveMaximum" in schema.data or schema.enum:
                continue
            loc = _field_loc(op, name, schema)
            if (loc.file, loc.pointer) in seen:
                continue  # a shared parameter is reported once, where it is defined
            seen.add((loc.file, loc.pointer))
            yield Issue(loc,
                        f"{op.label}: page size '{name}' has no maximum; declare one (e.g. maximum: 100) so the "
                        "service, not the caller, bounds the page", hint="add `maximum` to the parameter schema")


def _field_loc(op, name: str, schema):
    for param in op.parameters:
        if param.name == name:
            return param.loc
    return schema.loc
