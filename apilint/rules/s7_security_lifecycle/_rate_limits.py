"""Shared by rate-limit-no-retry-after, rate-limit-undocumented."""

from __future__ import annotations

from apilint.model.core import Api, Loc
from apilint.model.query import per_api, rest_operations
from apilint.rules._examples import spec
from apilint.rules._shared import error_fields


@per_api
def responses_429(api: Api) -> list[tuple[str, Loc, set[str], set[str]]]:
    """(operation, location, header names, body field names) of each 429 response, once per location: a
    shared `components/responses/TooManyRequests` is one response, however many operations use it."""
    found: dict[tuple[str, str], tuple[str, Loc, set[str], set[str]]] = {}
    for op in rest_operations(api):
        response = op.responses.get("429")
        if response is None or (response.loc.file, response.loc.pointer) in found:
            continue
        schema = response.body.schema if response.body is not None else None
        fields = {name for name, prop in error_fields(schema).items() if prop.type != "boolean"} if schema else set()
        found[(response.loc.file, response.loc.pointer)] = (op.label, response.loc, set(response.headers), fields)
    return list(found.values())


LIMIT_SPEC = spec("""
        /v1/orders:
          get:
            operationId: listOrders
            parameters: [{{name: page_token, in: query, schema: {{type: string}}}}]
            responses:
              '200': {{description: Orders}}
              '429':
                description: Too many requests{headers}
    """)
