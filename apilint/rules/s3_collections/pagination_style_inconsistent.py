"""pagination-style-inconsistent: List operations paginate in different ways (3.3, 2.1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.model.query import (
    input_fields,
    is_list_operation,
)
from apilint.rules.s3_collections._lists import LIST, PAGE, norm

# pagination vocabularies: the first input name found decides which one a list operation uses
STYLES = {"page_token": "token", "pagetoken": "token", "next_token": "token", "continuation_token": "token",
          "cursor": "cursor", "after": "cursor", "before": "cursor", "starting_after": "cursor",
          "ending_before": "cursor", "marker": "marker", "offset": "offset", "skip": "offset",
          "page": "page-number", "page_number": "page-number", "since": "since"}


def _style(op_inputs: dict[str, Schema | None]) -> tuple[str, str] | None:
    for name in op_inputs:
        style = STYLES.get(norm(name))
        if style:
            return style, name
    return None


@rule(id="pagination-style-inconsistent", title="List operations paginate in different ways",
      reads_descriptions=False,
      sections=("3.3", "2.1"), severity="warning", rationale="""
When one list takes `page_token`, another `cursor`, a third `offset`, every client needs a different
pagination loop per endpoint and SDK helpers cannot abstract it (anti-patterns 3.3 and 2.1). Pick one
style, preferably an opaque `page_token` / `next_page_token`, and use it everywhere.""",
      fix="Use the API's dominant pagination inputs (ideally page_size + page_token) on every list operation.",
      examples=[Example("openapi",
                        bad=LIST.format(bound=", maximum: 100", body=PAGE) + """  /v1/customers:
    get:
      operationId: listCustomers
      parameters: [{name: offset, in: query, schema: {type: integer}}]
      responses: {'200': {description: Customers}}
""",
                        good=LIST.format(bound=", maximum: 100", body=PAGE) + """  /v1/customers:
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
