"""list-bare-array: List response is a bare array (3.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import (
    is_list_operation,
    response_schema,
    rest_operations,
)
from apilint.rules.s3_collections._lists import LIST, PAGE

_ARRAY = " {type: array, items: {type: object}}"


@rule(id="list-bare-array", title="List response is a bare array", sections=("3.2",), severity="warning",
      reads_descriptions=False,
      rationale="""
A list operation that returns a top-level JSON array has nowhere to put a `next_page_token`: adding
pagination later changes the response type and breaks every client (anti-pattern 3.2). An object
wrapper (`{"orders": [...], "next_page_token": "..."}`) leaves room to grow.""",
      fix="Return an object with the items in a named array property and an optional next_page_token.",
      examples=[Example("openapi", bad=LIST.format(bound=", maximum: 100", body=_ARRAY),
                        good=LIST.format(bound=", maximum: 100", body=PAGE))])
def list_bare_array(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        schema = response_schema(op)
        success = op.success
        if success is not None and "link" in success.headers:
            continue  # paginated through the Link header (RFC 8288), which can grow without a body change
        if schema is not None and schema.type == "array" and is_list_operation(op):
            yield Issue(schema.loc, f"{op.label} returns a bare array: it can never add a next_page_token "
                        "without breaking clients", hint="wrap the items in an object")
