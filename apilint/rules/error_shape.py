"""Errors are structured, share one shape, and carry a code and a request id (5.1, 5.2)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Response, Schema
from apilint.rules._shared import error_fields, error_responses, snake, spec

CODE_FIELDS = ["code", "error_code", "id", "type", "error_type", "reason", "kind", "status_code", "error_id",
               "problem_type", "error_key", "errorcode"]
MESSAGE_FIELDS = ["message", "error", "detail", "description", "msg", "error_message", "error_description",
                  "title", "text", "reason_phrase"]
REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "correlation-id", "x-trace-id",
                      "traceparent", "x-amzn-requestid", "x-amz-request-id", "x-github-request-id", "x-ms-request-id"]


OAUTH_FIELDS = frozenset({"error", "error_description", "error_uri", "state"})  # RFC 6749 5.2: a standard shape


def _codes_in(fields: dict[str, Schema], codes: set[str]) -> set[str]:
    """Fields a program can branch on: named like a code, or any string enum (Slack's `error`)."""
    return {n for n, f in fields.items() if snake(n) in codes or (f.enum is not None and f.type in ("string", None))}


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


def _message_only(schema: Schema, fields: dict[str, Schema], codes: set[str], messages: set[str]) -> bool:
    if schema.type == "string":
        return True
    if not fields:
        return False
    if _codes_in(fields, codes) or {"error", "error_description"} <= {snake(n) for n in fields}:
        return False  # OAuth's `error` is a registered code
    return all(snake(n) in messages and f.type in ("string", None) for n, f in fields.items())


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


@rule(id="error-message-only", title="Error body carries only a message string", sections=("5.2", "5.1"),
      severity="warning", rationale="""
An error that is only `{"message": "ValidationException: The field 'order.items[2].quantity' must be
greater than 0."}` forces clients to parse the text to act on it, and then the wording can never change
again (anti-pattern 5.2). Message text is for humans reading logs; anything a program acts on (the error
code, the offending field, a retry delay) belongs in structured fields.""",
      fix="Add a machine-readable `code` (an enum), a `request_id`, and structured `details` (e.g. field "
          "violations with the field path) next to the message.",
      options={"code_fields": CODE_FIELDS, "message_fields": MESSAGE_FIELDS},
      examples=[Example("openapi", bad=spec(_ERROR_PATHS, _error_schema("message: {type: string}")),
                        good=spec(_ERROR_PATHS, _GOOD_ERROR))])
def error_message_only(api: Api, ctx: Context) -> Iterator[Issue]:
    codes = {snake(w) for w in ctx.words("code_fields")}
    messages = {snake(w) for w in ctx.words("message_fields")}
    for schema, uses in _distinct(api).values():
        if _message_only(schema, error_fields(schema), codes, messages):
            yield Issue(schema.loc, f"{_name(schema, uses)} carries only a message string: add a machine-readable "
                        "code and structured details so clients never parse the text",
                        hint="add code (enum), request_id and details")


@rule(id="error-code-missing", title="Error body has no machine-readable code", sections=("5.1",),
      severity="warning", rationale="""
Opaque errors are not actionable: when "field missing", "field too long" and "invalid characters" all
come back as the same ValidationException with different prose, a program cannot react to them
(anti-pattern 5.1). Every error body needs a stable, machine-readable code (an enum such as
`INVALID_ARGUMENT`, or an RFC 7807 `type`). Bodies that carry only a message are reported by
`error-message-only` instead.""",
      fix="Add a `code` field (an enum of documented error codes) to the error schema.",
      options={"code_fields": CODE_FIELDS, "message_fields": MESSAGE_FIELDS},
      examples=[Example("openapi", bad=spec(_ERROR_PATHS, _error_schema(
          "message: {type: string}\nrequest_id: {type: string}\nhelp_url: {type: string}")),
                        good=spec(_ERROR_PATHS, _GOOD_ERROR))])
def error_code_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    codes = {snake(w) for w in ctx.words("code_fields")}
    messages = {snake(w) for w in ctx.words("message_fields")}
    for schema, uses in _distinct(api).values():
        fields = error_fields(schema)
        if not fields or _message_only(schema, fields, codes, messages):
            continue
        names = {snake(n) for n in fields}
        if "error" in names and names <= OAUTH_FIELDS:
            continue  # RFC 6749: `error` is the registered code
        if not _codes_in(fields, codes):
            yield Issue(schema.loc, f"{_name(schema, uses)} has no machine-readable code: add a `code` field "
                        f"(fields now: {', '.join(sorted(fields)[:6])})", hint="add code: an enum of error codes")


@rule(id="error-request-id-missing", title="Error response carries no request id", sections=("5.1", "5.3"),
      severity="warning", rationale="""
Without a request id in the error, a client cannot point support at the failing call, and the service
cannot find it in its logs: "include request_id in every error response for support correlation"
(anti-pattern 5.1). It is also the only internal reference an error should expose (5.3). A request-id
field in the body or a documented request-id header (`X-Request-Id`, ...) on the response satisfies it.""",
      fix="Add `request_id` to the error schema (or document an `X-Request-Id` header on error responses).",
      options={"headers": REQUEST_ID_HEADERS},
      examples=[Example("openapi", bad=spec(_ERROR_PATHS, _error_schema(
          "code: {type: string}\nmessage: {type: string}")), good=spec(_ERROR_PATHS, _GOOD_ERROR))])
def error_request_id_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    headers = ctx.words("headers")
    for schema, uses in _distinct(api).values():
        fields = error_fields(schema)
        if any(_is_request_id(n) for n in fields):
            continue
        if any(set(r.headers) & headers or any(_is_request_id(h) for h in r.headers) for _, _, r in uses):
            continue
        yield Issue(schema.loc, f"{_name(schema, uses)} carries no request id: add a `request_id` field (or an "
                    "X-Request-Id header) for support correlation", hint="add request_id")


_SHAPES_PATHS = _ERROR_PATHS + """
/v1/customers/{customer_id}:
  get:
    operationId: getCustomer
    parameters:
      - {name: customer_id, in: path, required: true, schema: {type: string}}
    responses:
      '200': {description: The customer}
      '404':
        description: No such customer
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Error'}
/v1/invoices/{invoice_id}:
  get:
    operationId: getInvoice
    parameters:
      - {name: invoice_id, in: path, required: true, schema: {type: string}}
    responses:
      '200': {description: The invoice}
      '404':
        description: No such invoice
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OTHER'}
"""
_TWO_SHAPES = _GOOD_ERROR + """  InvoiceError:
    type: object
    properties:
      error_message: {type: string}
      status: {type: integer}
"""


@rule(id="error-shape-inconsistent", title="Error bodies have different shapes across operations",
      sections=("5.1",), severity="warning", rationale="""
When one operation fails with `{code, message, request_id}` and another with `{error_message, status}`,
clients need per-endpoint error handling and shared SDK code cannot extract the code or the request id
(anti-pattern 5.1). One error shape for the whole API; a shape that extends the common one (adds
fields) is fine. The error bodies whose fields differ from the API's most common error shape are
reported, once per schema.""",
      fix="Use the API's common error schema (one `components/schemas/Error`) for every error response.",
      options={"code_fields": CODE_FIELDS, "message_fields": MESSAGE_FIELDS},
      examples=[Example("openapi", bad=spec(_SHAPES_PATHS.replace("OTHER", "InvoiceError"), _TWO_SHAPES),
                        good=spec(_SHAPES_PATHS.replace("OTHER", "Error"), _TWO_SHAPES))])
def error_shape_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    key_fields = {snake(w) for w in [*ctx.words("code_fields"), *ctx.words("message_fields")]}
    shapes: dict[tuple[str, str], frozenset[str]] = {}
    counts: Counter[frozenset[str]] = Counter()
    distinct = _distinct(api)
    for key, (schema, uses) in distinct.items():
        fields = error_fields(schema)
        if schema.type == "string":
            shape = frozenset({"<string>"})
        elif not fields:
            continue
        else:
            shape = frozenset(snake(n) for n in fields)
            if shape <= OAUTH_FIELDS:
                continue
        shapes[key] = shape
        counts[shape] += len(uses)
    if len(counts) < 2:
        return
    (common, common_count), = counts.most_common(1)
    if list(counts.values()).count(common_count) > 1:
        return
    total = sum(counts.values())
    grouped: dict[frozenset[str], list[tuple[str, str]]] = defaultdict(list)
    for key, shape in shapes.items():
        grouped[shape].append(key)
    # What clients rely on: the common shape's code, message and request-id fields.
    core = {n for n in common if n in key_fields or _is_request_id(n)} or set(common)
    for shape, keys in grouped.items():
        missing = core - shape
        if not missing:
            continue  # carries what the common shape promises (extra fields are fine)
        for key in keys:
            schema, uses = distinct[key]
            yield Issue(schema.loc, f"{_name(schema, uses)} lacks {{{', '.join(sorted(missing))}}}, which "
                        f"{common_count} of {total} error responses carry ({{{', '.join(sorted(common))}}}): use one "
                        "error shape across the API", hint="reuse the common error schema")
