"""endpoint-near-duplicate: Two endpoints differ only in spelling (1.2, 1.3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation
from apilint.model.query import is_path_param
from apilint.rules._examples import spec
from apilint.rules._inventory import cached_words


def _normal_path(path: str) -> str:
    parts = []
    for segment in (s for s in path.split("/") if s):
        parts.append("{}" if is_path_param(segment) else "".join(cached_words(segment)))
    return "/" + "/".join(parts)


# Singular and plural are deliberately not merged: /user (the caller) and /users, /account and
# /accounts are distinct resources in GitHub's and Stripe's APIs.
_DUP_SPEC = spec("""
        /v1/orders/{{order_id}}:
          get:
            operationId: getOrder
            parameters:
              - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
            responses: {{'200': {{description: OK}}}}
        {second}:
          get:
            operationId: getOrderDetails
            parameters:
              - {{name: id, in: path, required: true, schema: {{type: string}}}}
            responses: {{'200': {{description: OK}}}}
    """)


@rule(id="endpoint-near-duplicate", title="Two endpoints differ only in spelling", sections=("1.2", "1.3"),
      reads_descriptions=False,
      severity="warning", rationale="""
`GET /orders/{order_id}` and `GET /orders/{id}` (or `/order_items` and `/orderItems`) do the same thing
under two spellings: typically each was built for a different screen or team without awareness of the
other. Clients cannot tell which to use, and both become contracts (anti-patterns 1.2 and 1.3).""",
      fix="Keep one endpoint (plural nouns, one casing), deprecate the other.",
      examples=[Example("openapi", bad=_DUP_SPEC.format(second="/v1/Orders/{id}"),
                        good=_DUP_SPEC.format(second="/v1/orders/{id}/details"))])
def endpoint_near_duplicate(api: Api, ctx: Context) -> Iterator[Issue]:
    groups: dict[tuple[str, str], list[Operation]] = defaultdict(list)
    for op in api.operations:
        if op.method and op.path:
            groups[(op.method, _normal_path(op.path))].append(op)
    for ops in groups.values():
        paths = {op.path for op in ops}
        if len(paths) < 2:
            continue
        first = ops[0]
        for op in ops[1:]:
            if op.path != first.path:
                yield Issue(op.loc, f"{op.label} duplicates {first.label} (same path up to spelling)",
                            hint="keep one spelling and deprecate the other")
