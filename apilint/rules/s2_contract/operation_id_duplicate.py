"""operation-id-duplicate: Two operations share an operationId (2.1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import rest_operations
from apilint.rules.s2_contract._operation_id import SPEC


@rule(id="operation-id-duplicate", title="Two operations share an operationId", sections=("2.1",),
      reads_descriptions=False,
      severity="error", presets=("minimal",), rationale="""
operationIds must be unique (the OpenAPI specification requires it): generated clients get two
methods with one name, and links and tools that address operations by id pick one at random.""",
      fix="Rename one of them, following the API's lifecycle verbs.",
      examples=[Example("openapi",
                        bad=SPEC.format(first="operationId: orders", second="operationId: orders"),
                        good=SPEC.format(first="operationId: listOrders", second="operationId: createOrder"))])
def operation_id_duplicate(api: Api, ctx: Context) -> Iterator[Issue]:
    by_id = defaultdict(list)
    for op in rest_operations(api):
        if op.operation_id:
            by_id[op.operation_id].append(op)
    for op_id, ops in by_id.items():
        for op in ops[1:]:
            yield Issue(op.loc.child("operationId"),
                        f"operationId '{op_id}' of {op.label} is already used by {ops[0].label}")
