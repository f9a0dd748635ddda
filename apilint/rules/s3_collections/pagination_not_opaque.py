"""pagination-not-opaque: Pagination by offset, page number or client-derived cursor (3.3)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Schema
from apilint.model.query import input_fields, is_list_operation, response_schema
from apilint.rules._examples import LIST_ORDERS, NEXT_PAGE_TOKEN, proto, spec
from apilint.rules._shared import snake

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


def _list(size: str, position: str, kind: str, page: str) -> str:
    params = (f"\n      - {{name: {size}, in: query, schema: {{type: integer, maximum: 100}}}}"
              f"\n      - {{name: {position}, in: query, schema: {{type: {kind}}}}}")
    return spec(LIST_ORDERS.format(params=params, page=page))


_PROTO = proto("""
        service InvoiceService {{
          rpc ListInvoices(ListInvoicesRequest) returns (ListInvoicesResponse);
        }}
        message ListInvoicesRequest {{
          int32 page_size = 1;
          {position} = 2;
        }}
        message ListInvoicesResponse {{
          repeated Invoice invoices = 1;
          string next_page_token = 2;
        }}
        message Invoice {{ string name = 1; }}
    """)


@rule(id="pagination-not-opaque", title="Pagination by offset, page number or client-derived cursor",
      reads_descriptions=False,
      sections=("3.3",), severity="warning", formats=("openapi", "proto"), rationale="""
Offsets and page numbers skip or repeat items when the collection changes between requests, force the
database to scan past every skipped row, and make the page position a public contract. A cursor the
client derives itself (the id or key of the last item, S3's original `marker`) fixes the pagination
algorithm forever: when the service needs to change it, every client's derivation is wrong. The
service should issue an opaque `next_page_token` that the client passes back unchanged as `page_token`
(anti-pattern 3.3). Most public APIs still paginate this way (GitHub's `page`, Stripe's
`starting_after`) and changing it is a breaking change: fix it in the next major version, and keep
existing findings in a baseline until then. String-typed `offset`/`page` inputs are
treated as opaque tokens (Asana, Stripe search), and a `marker`/`after` input is fine when the response
carries a next cursor or a `Link` header.""",
      fix="Accept `page_token` and return `next_page_token` (an opaque, encrypted, expiring string); "
          "drop `offset`/`page` parameters and last-item markers.",
      options={"offset_inputs": OFFSET_INPUTS, "marker_inputs": MARKER_INPUTS, "token_inputs": TOKEN_INPUTS},
      examples=[
          Example("openapi", bad=_list("limit", "offset", "integer", ""),
                  good=_list("page_size", "page_token", "string", NEXT_PAGE_TOKEN)),
          Example("openapi",
                  bad=_list("limit", "starting_after", "string", "\n                has_more: {type: boolean}"),
                  good=_list("limit", "cursor", "string", "\n                next_cursor: {type: string}")),
          Example("proto", bad=_PROTO.format(position="int32 offset"),
                  good=_PROTO.format(position="string page_token")),
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
