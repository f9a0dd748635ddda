"""operationIds: every operation has one, and each is unique."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import rest_operations

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      {first}
      responses: {{'200': {{description: OK}}}}
    post:
      {second}
      responses: {{'201': {{description: Created}}}}
"""


@rule(id="operation-id-missing", title="Operation has no operationId", sections=("2.1", "7.5"),
      severity="warning", presets=("minimal",), rationale="""
SDK generators name methods after operationIds; without one each generator invents a name from the
path, and the name changes when the path does. A stable, canonical operationId (createOrder,
listOrders) is part of a consistent vocabulary (anti-pattern 2.1).""",
      fix="Add an operationId that follows the API's lifecycle verbs: listOrders, getOrder, createOrder.",
      examples=[Example("openapi", bad=_SPEC.format(first="operationId: listOrders", second="summary: Create"),
                        good=_SPEC.format(first="operationId: listOrders", second="operationId: createOrder"))])
def operation_id_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        if not op.operation_id:
            yield Issue(op.loc, f"{op.label} has no operationId")


@rule(id="operation-id-duplicate", title="Two operations share an operationId", sections=("2.1",),
      severity="error", presets=("minimal",), rationale="""
operationIds must be unique (the OpenAPI specification requires it): generated clients get two
methods with one name, and links and tools that address operations by id pick one at random.""",
      fix="Rename one of them, following the API's lifecycle verbs.",
      examples=[Example("openapi",
                        bad=_SPEC.format(first="operationId: orders", second="operationId: orders"),
                        good=_SPEC.format(first="operationId: listOrders", second="operationId: createOrder"))])
def operation_id_duplicate(api: Api, ctx: Context) -> Iterator[Issue]:
    by_id = defaultdict(list)
    for op in rest_operations(api):
        if op.operation_id:
            by_id[op.operation_id].append(op)
    for op_id, ops in by_id.items():
        for op in ops[1:]:
            yield Issue(op.loc.child("operationId"),
                        f"operationId '{op_id}' of {op.label} is already used by {ops[0].label}")
