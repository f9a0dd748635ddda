"""Pagination uses one opaque, server-issued token shape across the whole API (3.3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Schema
from apilint.model.query import input_fields, is_list_operation, response_schema
from apilint.rules._shared import snake, spec
from apilint.rules.pagination import PAGE_SIZE_INPUTS

TOKEN_INPUTS = ["page_token", "cursor", "continuation_token", "next_token", "continue", "pagination_token",
                "starting_token", "next_page_token", "page_cursor", "next_cursor", "token", "skip_token",
                "skiptoken", "resumption_token"]
OFFSET_INPUTS = ["offset", "skip", "start", "start_index", "page", "page_number", "page_num", "page_no",
                 "page_index"]
MARKER_INPUTS = ["starting_after", "ending_before", "after", "before", "marker", "since_id", "max_id",
                 "after_id", "before_id", "start_key", "exclusive_start_key", "last_id", "from_id", "last_key"]
_NEXT_WORDS = ("next", "cursor", "token", "marker", "continuation", "continue")


def _list_ops(api: Api) -> Iterator[tuple[Operation, dict[str, Schema | None]]]:
    for op in api.operations:
        if op.method in (None, "get") and is_list_operation(op):
            yield op, {snake(name): schema for name, schema in input_fields(op).items()}


def _numeric(schema: Schema | None) -> bool:
    """Offsets and page numbers are numbers; a string `offset`/`page` is an opaque token (Asana, Stripe search)."""
    return schema is None or schema.type in ("integer", "number")


def _server_issues_next(op: Operation) -> bool:
    """The response carries a next token/cursor/link, so the client does not derive one itself."""
    success = op.success
    if success is not None and "link" in success.headers:
        return True
    schema = response_schema(op)
    if schema is None:
        return False
    names = list(schema.all_properties())
    for name in list(names):
        prop = schema.all_properties()[name]
        if prop.type == "object" and snake(name) in ("meta", "metadata", "links", "pagination", "page_info",
                                                    "paging", "list_meta", "response_metadata", "page"):
            names += [f"{name}_{inner}" for inner in prop.all_properties()]
    return any(word in snake(n).split("_") for n in names for word in _NEXT_WORDS)


_TOKEN_PATHS = """
/v1/orders:
  get:
    operationId: listOrders
    parameters:
      - {{name: {size}, in: query, schema: {{type: integer, maximum: 100}}}}
      - {{name: {position}, in: query, schema: {{type: {kind}}}}}
    responses:
      '200':
        description: A page of orders
        content:
          application/json:
            schema:
              type: object
              properties:
                orders: {{type: array, items: {{type: object, properties: {{id: {{type: string}}}}}}}}{next}
"""


@rule(id="pagination-not-opaque", title="Pagination by offset, page number or client-derived cursor",
      sections=("3.3",), severity="warning", formats=("openapi", "proto"), rationale="""
Offsets and page numbers skip or repeat items when the collection changes between requests, force the
database to scan past every skipped row, and make the page position a public contract. A cursor the
client derives itself (the id or key of the last item, S3's original `marker`) fixes the pagination
algorithm forever: when the service needs to change it, every client's derivation is wrong. The
service should issue an opaque `next_page_token` that the client passes back unchanged as `page_token`
(anti-pattern 3.3).""",
      fix="Accept `page_token` and return `next_page_token` (an opaque, encrypted, expiring string); "
          "drop `offset`/`page` parameters and last-item markers.",
      options={"offset_inputs": OFFSET_INPUTS, "marker_inputs": MARKER_INPUTS, "token_inputs": TOKEN_INPUTS},
      examples=[
          Example("openapi", bad=spec(_TOKEN_PATHS.format(size="limit", position="offset", kind="integer", next="")),
                  good=spec(_TOKEN_PATHS.format(size="page_size", position="page_token", kind="string",
                                                next="\n                next_page_token: {type: string}"))),
          Example("openapi", bad=spec(_TOKEN_PATHS.format(size="limit", position="starting_after", kind="string",
                                                          next="\n                has_more: {type: boolean}")),
                  good=spec(_TOKEN_PATHS.format(size="limit", position="cursor", kind="string",
                                                next="\n                next_cursor: {type: string}"))),
      ])
def pagination_not_opaque(api: Api, ctx: Context) -> Iterator[Issue]:
    tokens = {snake(w) for w in ctx.words("token_inputs")}
    offsets = {snake(w) for w in ctx.words("offset_inputs")}
    markers = {snake(w) for w in ctx.words("marker_inputs")}
    for op, names in _list_ops(api):
        if any(n in tokens for n in names):
            continue
        offset = next((n for n, schema in names.items() if n in offsets and _numeric(schema)), None)
        if offset is not None:
            yield Issue(op.loc, f"{op.label} paginates by '{offset}' (offset/page number): accept an opaque "
                        "page_token and return next_page_token instead", hint="page_token in, next_page_token out")
            continue
        marker = next((n for n in names if n in markers), None)
        if marker is not None and not _server_issues_next(op):
            yield Issue(op.loc, f"{op.label} makes the client derive the next cursor '{marker}' from the last "
                        "item: return an opaque next_page_token and accept it as page_token",
                        hint="page_token in, next_page_token out")


_MIXED = spec("""
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
            schema: {$ref: '#/components/schemas/OrderPage'}
/v1/customers:
  get:
    operationId: listCustomers
    parameters:
      - {name: page_size, in: query, schema: {type: integer, maximum: 100}}
      - {name: page_token, in: query, schema: {type: string}}
    responses:
      '200':
        description: A page of customers
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CustomerPage'}
/v1/invoices:
  get:
    operationId: listInvoices
    parameters:
      - {name: SIZE, in: query, schema: {type: integer, maximum: 100}}
      - {name: POSITION, in: query, schema: {type: string}}
    responses:
      '200':
        description: A page of invoices
        content:
          application/json:
            schema: {$ref: '#/components/schemas/InvoicePage'}
""", """
schemas:
  OrderPage:
    type: object
    properties:
      orders: {type: array, items: {type: object}}
      next_page_token: {type: string}
  CustomerPage:
    type: object
    properties:
      customers: {type: array, items: {type: object}}
      next_page_token: {type: string}
  InvoicePage:
    type: object
    properties:
      invoices: {type: array, items: {type: object}}
      next_page_token: {type: string}
""")


@rule(id="pagination-names-inconsistent", title="List operations paginate with different parameter names",
      sections=("3.3", "2.1"), severity="warning", formats=("openapi", "proto"), rationale="""
When one list takes `page_token`, another `cursor` and a third `offset`, every client and SDK has to
implement each list differently and cannot share one pagination helper. REST and gRPC should follow one
naming: `page_size` and `page_token` in, `next_page_token` out (anti-patterns 3.2, 3.3 and 2.1).
Operations whose pagination parameters differ from what most list operations of the API use are reported.""",
      fix="Use the same pagination parameters as the rest of the API (ideally `page_size` / `page_token`).",
      options={"inputs": [*TOKEN_INPUTS, *OFFSET_INPUTS, *MARKER_INPUTS, *PAGE_SIZE_INPUTS]},
      examples=[Example("openapi", bad=_MIXED.replace("SIZE", "limit").replace("POSITION", "cursor"),
                        good=_MIXED.replace("SIZE", "page_size").replace("POSITION", "page_token"))])
def pagination_names_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    known = {snake(w) for w in ctx.words("inputs")}
    styles: dict[str, tuple[str, ...]] = {}
    ops: dict[str, Operation] = {}
    for op, names in _list_ops(api):
        style = tuple(sorted({n for n in names if n in known}))
        if style:
            styles[op.label] = style
            ops[op.label] = op
    counts = Counter(styles.values())
    if len(counts) < 2:
        return
    (common, common_count), = counts.most_common(1)
    if list(counts.values()).count(common_count) > 1:
        return  # no majority to compare against
    for label, style in styles.items():
        if set(style) - set(common):  # a name the common style does not use (a missing page size is not a rename)
            yield Issue(ops[label].loc, f"{label} paginates with {', '.join(style)} while {common_count} other list "
                        f"operations use {', '.join(common)}: use the same pagination parameters everywhere",
                        hint=f"rename to {', '.join(common)}")
