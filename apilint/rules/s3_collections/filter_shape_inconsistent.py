"""filter-shape-inconsistent: The same filter has different shapes across list operations (3.4)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Parameter
from apilint.model.query import is_list_operation
from apilint.rules._examples import spec
from apilint.rules._shared import raw_at, snake

_BRACKET = re.compile(r"^(?:filter|filters|q|where)\[([^\]]+)\]$", re.I)


def _shape(api: Api, op: Operation, param: Parameter) -> tuple[str, str] | None:
    """(attribute, shape) of a filter-like query parameter: shapes are `single`, `repeated`
    (?status=a&status=b), `comma` (?status=a,b), `pipe`, `space`, `structured` (filter[status]=a)."""
    match = _BRACKET.match(param.name)
    if match:
        return snake(match.group(1)), "structured"
    schema = param.schema
    if schema is None:
        return None
    raw = raw_at(api, param.loc)
    attribute = snake(param.name)
    if schema.type == "array":
        if api.spec_version.startswith("2."):
            fmt = raw.get("collectionFormat", "csv")
            shape = {"multi": "repeated", "csv": "comma", "pipes": "pipe", "ssv": "space", "tsv": "tab"}.get(fmt, fmt)
        else:
            style = raw.get("style", "form")
            explode = raw.get("explode", style == "form")
            shape = {"form": "repeated" if explode else "comma", "pipeDelimited": "pipe",
                     "spaceDelimited": "space", "deepObject": "structured"}.get(style, style)
        return attribute, shape
    if raw.get("style") == "deepObject" or schema.type == "object":
        return attribute, "structured"
    return None  # scalar filters have one shape; nothing to compare


_PATHS = """
/v1/orders:
  get:
    operationId: listOrders
    parameters:
      - {{name: status, in: query, style: form, explode: true, schema: {{type: array, items: {{type: string}}}}}}
    responses:
      '200':
        description: A page of orders
        content:
          application/json:
            schema: {{type: object, properties: {{orders: {{type: array, items: {{type: object}}}}}}}}
/v1/invoices:
  get:
    operationId: listInvoices
    parameters:
      - {{name: status, in: query, style: form, explode: {explode}, schema: {{type: array, items: {{type: string}}}}}}
    responses:
      '200':
        description: A page of invoices
        content:
          application/json:
            schema: {{type: object, properties: {{invoices: {{type: array, items: {{type: object}}}}}}}}
"""


@rule(id="filter-shape-inconsistent", title="The same filter has different shapes across list operations",
      reads_descriptions=False,
      sections=("3.4",), severity="warning", rationale="""
Filtering is where inconsistency compounds fastest: when `status` is a repeated parameter on one list
(`?status=a&status=b`), a comma list on another (`?status=a,b`) and `filter[status]` on a third, callers
cannot predict the behaviour without reading every endpoint's documentation, and SDKs cannot share code.
Pick one filter shape (flat parameters or a structured filter list) and one serialisation for
multi-value filters across the API (anti-pattern 3.4). Only array and structured filters are compared,
and only the operations that differ from the API's most common shape for that attribute are reported.""",
      fix="Serialise the filter the way the other list operations of the API do (same `style`/`explode`, same "
          "flat or structured shape).",
      examples=[Example("openapi", bad=spec(_PATHS.format(explode="false")), good=spec(_PATHS.format(explode="true")))])
def filter_shape_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    by_attribute: dict[str, list[tuple[str, Operation, Parameter]]] = defaultdict(list)
    for op in api.operations:
        if op.method != "get" or not is_list_operation(op):
            continue
        for param in op.parameters:
            if param.location != "query":
                continue
            found = _shape(api, op, param)
            if found is not None:
                by_attribute[found[0]].append((found[1], op, param))
    for attribute, uses in by_attribute.items():
        counts: dict[str, int] = defaultdict(int)
        for shape, _, _ in uses:
            counts[shape] += 1
        if len(counts) < 2:
            continue
        common = max(counts, key=lambda s: counts[s])
        if list(counts.values()).count(counts[common]) > 1 and len(uses) > 2:
            continue  # no clear convention
        for shape, op, param in uses:
            if shape != common:
                yield Issue(param.loc, f"{op.label} filters '{attribute}' as a {shape} parameter while "
                            f"{counts[common]} other list operation(s) use a {common} parameter: use one shape",
                            hint=f"make '{param.name}' a {common} parameter like the others")
