"""page-size-unbounded: Page size has no upper bound (3.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import (
    input_fields,
    is_list_operation,
)
from apilint.rules._examples import proto
from apilint.rules.s3_collections._lists import LIST, PAGE, norm

PAGE_SIZE = ["page_size", "pagesize", "limit", "per_page", "max_results", "maxresults", "top", "count", "size"]


_PROTO_PAGE = proto("""
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
    """, imports=["validate/validate.proto"])


_STATED_MAXIMUM = re.compile(r"\b(max(imum)?|at most|up to|between \d+ and \d+|no more than|cannot exceed|"
                             r"limit of \d+|\d+ max)\b", re.I)


@rule(id="page-size-unbounded", title="Page size has no upper bound", sections=("3.2",), severity="warning",
      formats=("openapi", "proto"), rationale="""
`page_size` is an upper bound the service enforces, not a target: without a documented maximum a
client can ask for a million rows in one call, and the operation is unbounded again despite
pagination (anti-pattern 3.2).""",
      fix="Give the page size a maximum (`maximum: 100`; in proto `[(validate.rules).int32 = {gte: 0, lte: 1000}]`) "
          "and document that the service may return fewer.",
      options={"names": PAGE_SIZE},
      examples=[Example("openapi", bad=LIST.format(bound="", body=PAGE),
                        good=LIST.format(bound=", maximum: 100", body=PAGE)),
                Example("proto", bad=_PROTO_PAGE.format(bound=""),
                        good=_PROTO_PAGE.format(bound=" [(validate.rules).int32 = {gte: 0, lte: 1000}]"))])
def page_size_unbounded(api: Api, ctx: Context) -> Iterator[Issue]:
    names = {norm(n) for n in ctx.words("names")}
    reported: set[tuple[str, str]] = set()  # a shared parameter (GitHub's per-page) is reported once
    for op in api.operations:
        if not is_list_operation(op):
            continue
        described = {p.name: p.description or "" for p in op.parameters}
        for name, schema in input_fields(op).items():
            if norm(name) not in names or schema is None or schema.type not in ("integer", "number"):
                continue
            text = f"{described.get(name, '')} {schema.data.get('description') or ''}"
            if "maximum" not in schema.data and "exclusiveMaximum" not in schema.data and not schema.enum \
                    and not _STATED_MAXIMUM.search(text) and schema.key not in reported:
                reported.add(schema.key)
                yield Issue(schema.loc, f"{op.label}: '{name}' has no maximum", hint="add maximum: 100 (or so)")
