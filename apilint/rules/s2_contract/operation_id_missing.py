"""operation-id-missing: Operation has no operationId (2.1, 7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import rest_operations
from apilint.rules.s2_contract._operation_id import SPEC


@rule(id="operation-id-missing", title="Operation has no operationId", sections=("2.1", "7.5"),
      reads_descriptions=False,
      severity="warning", presets=("minimal",), rationale="""
SDK generators name methods after operationIds; without one each generator invents a name from the
path, and the name changes when the path does. A stable, canonical operationId (createOrder,
listOrders) is part of a consistent vocabulary (anti-pattern 2.1).""",
      fix="Add an operationId that follows the API's lifecycle verbs: listOrders, getOrder, createOrder.",
      examples=[Example("openapi", bad=SPEC.format(first="operationId: listOrders", second="summary: Create"),
                        good=SPEC.format(first="operationId: listOrders", second="operationId: createOrder"))])
def operation_id_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        if not op.operation_id:
            yield Issue(op.loc, f"{op.label} has no operationId")
