"""error-request-id-missing: Error response carries no request id (5.1, 5.3)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Response, Schema
from apilint.rules._examples import spec
from apilint.rules._shared import by_shape, error_fields, error_responses, shape_note, snake

REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "correlation-id", "x-trace-id",
                      "traceparent", "x-amzn-requestid", "x-amz-request-id", "x-github-request-id", "x-ms-request-id"]


def _is_request_id(name: str) -> bool:
    if snake(name) in ("phrase", "error_phrase"):  # Asana: "a unique error phrase ... when contacting support"
        return True
    parts = snake(name).split("_")
    return ("id" in parts and bool({"request", "trace", "correlation", "tracking", "incident"} & set(parts))) or \
        snake(name) in ("requestid", "traceid", "correlationid")


def _distinct(api: Api) -> dict[tuple[str, str], tuple[Schema, list[tuple[Operation, str, Response]]]]:
    """Error body schemas, once each, with the responses that use them."""
    found: dict[tuple[str, str], tuple[Schema, list[tuple[Operation, str, Response]]]] = {}
    for op, status, response, schema in error_responses(api):
        found.setdefault(schema.key, (schema, []))[1].append((op, status, response))
    return found


def _name(schema: Schema, uses: list[tuple[Operation, str, Response]]) -> str:
    if schema.name:
        return f"error schema '{schema.name}'"
    op, status, _ = uses[0]
    return f"the {status} error body of {op.label}"


_ERROR_PATHS = """
/v1/orders/{order_id}:
  get:
    operationId: getOrder
    parameters:
      - {name: order_id, in: path, required: true, schema: {type: string}}
    responses:
      '200': {description: The order}
      '404':
        description: No such order
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Error'}
"""


def _error_schema(props: str) -> str:
    return "schemas:\n  Error:\n    type: object\n    properties:\n" + "".join(
        f"      {line}\n" for line in props.strip().splitlines())


_GOOD_ERROR = _error_schema("""
code: {type: string, enum: [NOT_FOUND, INVALID_ARGUMENT]}
message: {type: string}
request_id: {type: string}
details: {type: array, items: {type: object, properties: {field: {type: string}, reason: {type: string}}}}
""")


@rule(id="error-request-id-missing", title="Error response carries no request id", sections=("5.1", "5.3"),
      reads_descriptions=False,
      severity="warning", rationale="""
Without a request id in the error, a client cannot point support at the failing call, and the service
cannot find it in its logs: "include request_id in every error response for support correlation"
(anti-pattern 5.1). It is also the only internal reference an error should expose (5.3). A request-id
field in the body or a documented request-id header (`X-Request-Id`, ...) on the response satisfies it.
Copies of one body (same fields) are reported once, with the number of responses using them.""",
      fix="Add `request_id` to the error schema (or document an `X-Request-Id` header on error responses).",
      options={"headers": REQUEST_ID_HEADERS},
      examples=[Example("openapi", bad=spec(_ERROR_PATHS, _error_schema(
          "code: {type: string}\nmessage: {type: string}")), good=spec(_ERROR_PATHS, _GOOD_ERROR))])
def error_request_id_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    missing = []
    for schema, uses in _distinct(api).values():
        fields = error_fields(schema)
        if any(_is_request_id(n) for n in fields):
            continue
        if any(set(r.headers) & headers or any(_is_request_id(h) for h in r.headers) for _, _, r in uses):
            continue
        missing.append((schema, uses))
    # one finding per body shape: GitHub and Slack copy one inline error body into many responses
    for group in by_shape(missing, lambda item: frozenset(snake(n) for n in error_fields(item[0]))):
        schema, uses = next((item for item in group if item[0].name), group[0])
        yield Issue(schema.loc, f"{_name(schema, uses)} carries no request id: add a `request_id` field (or an "
                    f"X-Request-Id header) for support correlation{shape_note(sum(len(u) for _, u in group))}",
                    hint="add request_id")
