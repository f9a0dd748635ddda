"""request-body-on-safe-method: GET, HEAD or DELETE takes a request body (2.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.model.query import rest_operations
from apilint.rules._examples import spec

_SPEC = spec("""
        /v1/orders:
          {method}:
            operationId: searchOrders
            requestBody:
              content:
                application/json:
                  schema: {{type: object, properties: {{status: {{type: string}}}}}}
            responses: {{'200': {{description: OK}}}}
    """)


@rule(id="request-body-on-safe-method", title="GET, HEAD or DELETE takes a request body", sections=("2.2",),
      reads_descriptions=False,
      severity="warning", rationale="""
A body on GET, HEAD or DELETE has no defined semantics (RFC 9110): caches, proxies and many clients drop
it, so the request the service receives depends on the path it took. Reads take their inputs in the
path and query; a read too complex for a query string is a POST to a search resource, documented as
such (anti-pattern 2.2).""",
      fix="Move the inputs to query parameters, or use POST on a search resource (e.g. POST /v1/orders:search).",
      examples=[Example("openapi", bad=_SPEC.format(method="get"), good=_SPEC.format(method="post"))])
def request_body_on_safe_method(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        if op.method in ("get", "head", "delete") and op.request is not None and op.request.content:
            if all(_empty_body(schema) for schema in op.request.content.values()):
                continue
            yield Issue(op.request.loc, f"{op.label} takes a request body")


def _empty_body(schema: Schema | None) -> bool:
    """Stripe declares `{type: object, properties: {}, additionalProperties: false}` bodies on its GETs:
    a body that can only be empty is no body."""
    return (schema is not None and schema.data.get("additionalProperties") is False
            and not schema.data.get("properties") and not schema.composed())
