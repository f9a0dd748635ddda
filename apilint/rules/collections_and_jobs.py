"""Lists that can grow (3.2, 3.3) and work that takes long (3.6)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.model.query import (
    input_fields,
    is_list_operation,
    is_path_param,
    response_schema,
    rest_operations,
    words,
)

PAGE_SIZE = ["page_size", "pagesize", "limit", "per_page", "max_results", "maxresults", "top", "count", "size"]
# pagination vocabularies: the first input name found decides which one a list operation uses
STYLES = {"page_token": "token", "pagetoken": "token", "next_token": "token", "continuation_token": "token",
          "cursor": "cursor", "after": "cursor", "before": "cursor", "starting_after": "cursor",
          "ending_before": "cursor", "marker": "marker", "offset": "offset", "skip": "offset",
          "page": "page-number", "page_number": "page-number", "since": "since"}

_LIST = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      parameters:
        - {{name: page_size, in: query, schema: {{type: integer{bound}}}}}
        - {{name: page_token, in: query, schema: {{type: string}}}}
      responses:
        '200':
          description: Orders
          content:
            application/json:
              schema:{body}
"""
_PAGE = """
                type: object
                properties:
                  orders: {type: array, items: {type: object}}
                  next_page_token: {type: string}"""
_ARRAY = " {type: array, items: {type: object}}"
_PROTO_PAGE = """syntax = "proto3";
package shop.v1;
import "validate/validate.proto";
service Orders {{
  rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);
}}
message ListOrdersRequest {{
  int32 page_size = 1{bound};
  string page_token = 2;
}}
message ListOrdersResponse {{
  repeated Order orders = 1;
  string next_page_token = 2;
}}
message Order {{ string name = 1; }}
"""


_STATED_MAXIMUM = re.compile(r"\b(max(imum)?|at most|up to|between \d+ and \d+|no more than|cannot exceed|"
                             r"limit of \d+|\d+ max)\b", re.I)


def _norm(name: str) -> str:
    return "_".join(words(name))


@rule(id="list-bare-array", title="List response is a bare array", sections=("3.2",), severity="warning",
      rationale="""
A list operation that returns a top-level JSON array has nowhere to put a `next_page_token`: adding
pagination later changes the response type and breaks every client (anti-pattern 3.2). An object
wrapper (`{"orders": [...], "next_page_token": "..."}`) leaves room to grow.""",
      fix="Return an object with the items in a named array property and an optional next_page_token.",
      examples=[Example("openapi", bad=_LIST.format(bound=", maximum: 100", body=_ARRAY),
                        good=_LIST.format(bound=", maximum: 100", body=_PAGE))])
def list_bare_array(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        schema = response_schema(op)
        success = op.success
        if success is not None and "link" in success.headers:
            continue  # paginated through the Link header (RFC 8288), which can grow without a body change
        if schema is not None and schema.type == "array" and is_list_operation(op):
            yield Issue(schema.loc, f"{op.label} returns a bare array: it can never add a next_page_token "
                        "without breaking clients", hint="wrap the items in an object")


@rule(id="page-size-unbounded", title="Page size has no upper bound", sections=("3.2",), severity="warning",
      formats=("openapi", "proto"), rationale="""
`page_size` is an upper bound the service enforces, not a target: without a documented maximum a
client can ask for a million rows in one call, and the operation is unbounded again despite
pagination (anti-pattern 3.2).""",
      fix="Give the page size a maximum (`maximum: 100`; in proto `[(validate.rules).int32 = {gte: 0, lte: 1000}]`) "
          "and document that the service may return fewer.",
      options={"names": PAGE_SIZE},
      examples=[Example("openapi", bad=_LIST.format(bound="", body=_PAGE),
                        good=_LIST.format(bound=", maximum: 100", body=_PAGE)),
                Example("proto", bad=_PROTO_PAGE.format(bound=""),
                        good=_PROTO_PAGE.format(bound=" [(validate.rules).int32 = {gte: 0, lte: 1000}]"))])
def page_size_unbounded(api: Api, ctx: Context) -> Iterator[Issue]:
    names = {_norm(n) for n in ctx.words("names")}
    reported: set[tuple[str, str]] = set()  # a shared parameter (GitHub's per-page) is reported once
    for op in api.operations:
        if not is_list_operation(op):
            continue
        described = {p.name: p.description or "" for p in op.parameters}
        for name, schema in input_fields(op).items():
            if _norm(name) not in names or schema is None or schema.type not in ("integer", "number"):
                continue
            text = f"{described.get(name, '')} {schema.data.get('description') or ''}"
            if "maximum" not in schema.data and "exclusiveMaximum" not in schema.data and not schema.enum \
                    and not _STATED_MAXIMUM.search(text) and schema.key not in reported:
                reported.add(schema.key)
                yield Issue(schema.loc, f"{op.label}: '{name}' has no maximum", hint="add maximum: 100 (or so)")


def _style(op_inputs: dict[str, Schema | None]) -> tuple[str, str] | None:
    for name in op_inputs:
        style = STYLES.get(_norm(name))
        if style:
            return style, name
    return None


@rule(id="pagination-style-inconsistent", title="List operations paginate in different ways",
      sections=("3.3", "2.1"), severity="warning", rationale="""
When one list takes `page_token`, another `cursor`, a third `offset`, every client needs a different
pagination loop per endpoint and SDK helpers cannot abstract it (anti-patterns 3.3 and 2.1). Pick one
style, preferably an opaque `page_token` / `next_page_token`, and use it everywhere.""",
      fix="Use the API's dominant pagination inputs (ideally page_size + page_token) on every list operation.",
      examples=[Example("openapi",
                        bad=_LIST.format(bound=", maximum: 100", body=_PAGE) + """  /v1/customers:
    get:
      operationId: listCustomers
      parameters: [{name: offset, in: query, schema: {type: integer}}]
      responses: {'200': {description: Customers}}
""",
                        good=_LIST.format(bound=", maximum: 100", body=_PAGE) + """  /v1/customers:
    get:
      operationId: listCustomers
      parameters: [{name: page_token, in: query, schema: {type: string}}]
      responses: {'200': {description: Customers}}
""")])
def pagination_style_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    styles = [(op, found) for op in api.operations if is_list_operation(op)
              for found in [_style(input_fields(op))] if found]
    counts = Counter(style for _, (style, _) in styles)
    if len(counts) < 2:
        return
    dominant, used = counts.most_common(1)[0]
    for op, (style, name) in styles:
        if style != dominant:
            yield Issue(op.loc, f"{op.label} paginates by {style} ('{name}'), while {used} list operation(s) "
                        f"of this API use {dominant}")


_JOB = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/exports:
    post:
      operationId: createExport
      parameters: [{{name: Idempotency-Key, in: header, schema: {{type: string}}}}]
      responses:
        '202':
          description: Export started{more}
"""


@rule(id="long-running-no-job", title="202 Accepted without a job to follow", sections=("3.6",),
      severity="warning", rationale="""
A 202 says "accepted, not done". Without a job resource in the body or a `Location` header, the client
has no way to learn when the work finishes, whether it failed, or to cancel it, and falls back to
guessing or re-submitting (anti-pattern 3.6). Not flagged: a `Retry-After` header (poll the same
request later), a GET answering 202 ("still computing", polled at its own URL), and a DELETE of one
resource (the resource is its own handle until it is gone).""",
      fix="Return a job/operation resource (id, state, result or error) and its URL in `Location`; offer GET and "
          "cancel on it.",
      options={"headers": ["location", "operation-location", "content-location", "azure-asyncoperation",
                           "retry-after"]},
      examples=[Example("openapi", bad=_JOB.format(more=""),
                        good=_JOB.format(more="\n          headers:\n            Location: {description: The job, "
                                              "schema: {type: string}}"))])
def long_running_no_job(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    for op in rest_operations(api):
        accepted = op.responses.get("202")
        if accepted is None or set(accepted.headers) & headers or op.method == "get":
            continue  # a GET answering 202 "still computing" (GitHub's stats) is polled at its own URL
        if op.method in ("put", "patch", "delete") and op.path_segments and is_path_param(op.path_segments[-1]):
            continue  # the resource at this URL is its own handle: GET it until it is done (or gone)
        if op.raw.get("x-ms-long-running-operation"):
            continue  # Azure's documented LRO protocol (Azure-AsyncOperation / Location headers)
        if not (accepted.body and accepted.body.schema is not None):
            yield Issue(accepted.loc, f"{op.label} answers 202 with neither a job resource nor a Location header")
