"""id-in-query: Single-resource operation takes the id as a query parameter (1.3)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation
from apilint.model.query import is_list_operation, is_path_param, rest_operations
from apilint.rules._examples import spec
from apilint.rules._inventory import cached_words, singular

_ID_SPEC = spec("""
        {path}:
          delete:
            operationId: deleteOrder
            parameters:
              - {{name: {name}, in: {where}, required: true, schema: {{type: string}}}}
            responses: {{'204': {{description: Deleted}}}}
    """)


def _resource_noun(op: Operation) -> str | None:
    """The singular noun the path's last literal segment names (``/orders`` -> order, ``/getUser`` -> user)."""
    segments = op.path_segments
    if not segments or is_path_param(segments[-1]):
        return None
    ws = cached_words(segments[-1].split(":", 1)[0])
    return singular(ws[-1]) if ws else None


@rule(id="id-in-query", title="Single-resource operation takes the id as a query parameter", sections=("1.3",),
      reads_descriptions=False,
      severity="warning", rationale="""
`GET /getUser?id=123` and `DELETE /orders?orderId=456` address one resource through a query string: the
URL no longer identifies the resource, caches and logs cannot tell resources apart by path, and the
hierarchy (`/v1/users/{user_id}/orders`) that makes a REST API predictable is lost (anti-pattern 1.3).""",
      fix="Put the id in the path: GET /v1/users/{user_id}, DELETE /v1/orders/{order_id}.",
      examples=[Example("openapi", bad=_ID_SPEC.format(path="/v1/orders", name="orderId", where="query"),
                        good=_ID_SPEC.format(path="/v1/orders/{orderId}", name="orderId", where="path"))])
def id_in_query(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        if op.method not in ("get", "delete", "put", "patch"):
            continue
        noun = _resource_noun(op)
        if noun is None or (op.method == "get" and is_list_operation(op)):
            continue
        for param in op.parameters:
            if param.location != "query":
                continue
            ws = cached_words(param.name)
            exact = param.name.lower() == "id" and param.required
            named = len(ws) >= 2 and ws[-1] == "id" and "".join(ws[:-1]) == noun
            if exact or named:
                yield Issue(param.loc, f"{op.label} identifies a single resource by the query parameter "
                            f"'{param.name}'; put the id in the path",
                            hint=f"e.g. {op.method.upper()} /v1/{noun}s/{{{param.name}}}")
                break
