"""pagination-missing: List operation is not paginated (3.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import collection_field, input_fields, is_list_operation, response_schema, words
from apilint.rules._examples import LIST_ORDERS, NEXT_PAGE_TOKEN, proto, spec

PAGE_INPUTS = ["page_token", "pagetoken", "cursor", "page", "offset", "limit", "page_size", "pagesize",
               "per_page", "perpage", "after", "before", "starting_after", "ending_before", "marker",
               "continuation_token", "continue", "next_token", "since", "max_results", "maxresults", "top",
               "skip", "start", "next_page_token", "maximum_page_size", "max_page_size", "pagination_token",
               "max_items"]  # Temporal pages with maximum_page_size + next_page_token




_PROTO_BAD = proto("""
        service OrderService {
          rpc ListOrders(ListOrdersRequest) returns (ListOrdersResponse);
        }
        message ListOrdersRequest { string parent = 1; }
        message ListOrdersResponse { repeated Order orders = 1; }
        message Order { string name = 1; }
    """)


_PROTO_GOOD = proto("""
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
    """)


_VERSION = re.compile(r"v\d+((alpha|beta)\d*)?")


def _normal(name: str) -> str:
    return "_".join(words(name))


@rule(id="pagination-missing", title="List operation is not paginated", sections=("3.2",), severity="error",
      reads_descriptions=False,
      formats=("openapi", "proto"), rationale="""
Every list operation must be paginated before its first release. Returning everything works at launch
and fails at scale (responses of hundreds of megabytes, timeouts, clients crashing on deserialisation),
and retrofitting pagination later is a breaking change: clients that assumed a complete list silently
miss data (anti-pattern 3.2). The only exemption is a naturally size-limited result such as a top-N.""",
      fix="Accept `page_size` and `page_token` and return `next_page_token` (absent on the last page).",
      options={"inputs": PAGE_INPUTS},
      examples=[
          Example("openapi", bad=spec(LIST_ORDERS.format(params=" []", page="")),
                  good=spec(LIST_ORDERS.format(params="\n      - {name: page_size, in: query, schema: {type: integer, "
                                                      "maximum: 100}}\n      - {name: page_token, in: query, "
                                                      "schema: {type: string}}", page=NEXT_PAGE_TOKEN))),
          Example("proto", bad=_PROTO_BAD, good=_PROTO_GOOD),
      ])
def pagination_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    page_inputs = {_normal(w) for w in ctx.words("inputs")}
    for op in api.operations:
        if not is_list_operation(op):
            continue
        if any(_normal(name) in page_inputs for name in input_fields(op)):
            continue
        schema = response_schema(op)
        found = collection_field(schema)
        if found is not None and "maxItems" in found[1].data:
            continue  # naturally size-limited (a top-N): the one exemption of 3.2
        if found is None and schema is not None:
            continue  # named List but answers no list (AWS ListTagsForResource returns a bounded tag map)
        if op.path_segments and _VERSION.fullmatch(op.path_segments[-1]):
            continue  # API discovery documents (/apis/group/v1/) list the API itself, not data
        what = f"the list '{found[0]}'" if found and found[0] else "the list"
        yield Issue(op.loc, f"{op.label} returns {what} without pagination",
                    hint="accept page_size and page_token; return next_page_token")
