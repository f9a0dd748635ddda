"""Errors a program can act on: a machine-readable code, one shape across the API, nothing internal
(5.1, 5.2, 5.3)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Response, Schema
from apilint.model.query import per_api, rest_operations, words
from apilint.rules._examples import leak_in, media_example_leaks
from apilint.rules._shared import by_shape, response_examples, shape_note

CODE_FIELDS = ["code", "error_code", "type", "reason", "status", "error_type", "kind", "errors"]
LEAK_FIELDS = ["stack", "stack_trace", "stacktrace", "callstack", "call_stack", "trace", "backtrace", "exception",
               "exception_type", "exception_class", "sql", "sql_state", "query_plan", "hostname", "host",
               "server_name", "internal_message", "debug"]

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    get:
      operationId: getOrder
      parameters: [{{name: order_id, in: path, required: true, schema: {{type: string}}}}]
      responses:
        '200': {{description: The order}}
        '404':
          description: No such order
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{first}'}}
  /v1/orders:
    post:
      operationId: createOrder
      parameters: [{{name: Idempotency-Key, in: header, schema: {{type: string}}}}]
      responses:
        '201': {{description: Created}}
        '400':
          description: Invalid order
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/{second}'}}
components:
  schemas:
    Error:
      type: object
      properties:
        code: {{type: string}}
        message: {{type: string}}
        request_id: {{type: string}}
    MessageOnly:
      type: object
      properties:
        message: {{type: string}}
    Problem:
      type: object
      properties:
        title: {{type: string}}
        detail: {{type: string}}
        instance: {{type: string}}
    Leaky:
      type: object
      properties:
        code: {{type: string}}
        message: {{type: string}}
        request_id: {{type: string}}
        stackTrace: {{type: string}}
"""


def _norm(name: str) -> str:
    return "_".join(words(name))


@dataclass
class _Body:
    """One error schema, with the first operation using it and every response that does."""

    op: Operation
    status: str
    schema: Schema
    responses: list[Response] = field(default_factory=list)


@per_api
def _error_bodies(api: Api) -> tuple[tuple[Operation, str, Schema, Response], ...]:
    """(operation, status, schema, response) of every 4xx/5xx/default response body with a JSON-ish schema."""
    found = []
    for op in rest_operations(api):
        for status, response in op.responses.items():
            if (status[:1] in ("4", "5") or status == "default") and response.body and response.body.schema:
                found.append((op, status, response.body.schema, response))
    return tuple(found)


@per_api
def _distinct(api: Api) -> dict[tuple[str, str], _Body]:
    """The error schemas, once each (first use), with the responses using them."""
    seen: dict[tuple[str, str], _Body] = {}
    for op, status, schema, response in _error_bodies(api):
        seen.setdefault(schema.key, _Body(op, status, schema)).responses.append(response)
    return seen


def _shape(body: _Body) -> frozenset[str]:
    return frozenset(_fields(body.schema))


def _note(group: list[_Body]) -> str:
    return shape_note(sum(len(body.responses) for body in group))


_OAUTH = frozenset({"error", "error_description", "error_uri", "state"})


def _fields(schema: Schema) -> set[str]:
    return {_norm(n) for n in schema.all_properties()}


def _has_code(schema: Schema, codes: frozenset[str]) -> bool:
    """A code field, or a string field with an enum of codes (Slack's ``error``), at the top or inside
    an ``error`` wrapper object."""
    for body in _levels(schema):
        for name, prop in body.all_properties().items():
            if _norm(name) in codes or (prop.type == "string" and prop.enum):
                return True
    return False


# a code value: `not_found`, `invalid_auth`, `INVALID_ARGUMENT` (no digits, so `ord_1234` or a UUID is no code)
_IDENTIFIER = re.compile(r"[a-z]+(?:[_.][a-z]+)*|[A-Z]+(?:_[A-Z]+)*")
_CODE_LIKE = ("id", "error")  # DigitalOcean's {"id": "not_found"}, Slack's {"ok": false, "error": "invalid_auth"}


def _examples(api: Api, body: _Body) -> list[dict]:
    """The example error objects of a body: the schema's own example and its responses' examples (and the
    object inside an ``error`` wrapper of each)."""
    values = [body.schema.data.get("example")]
    for response in body.responses[:20]:
        values.extend(response_examples(api, response.loc))
    found = [v for v in values if isinstance(v, dict)]
    return found + [v["error"] for v in found if isinstance(v.get("error"), dict)]


def _coded_by_example(api: Api, body: _Body, codes: frozenset[str]) -> bool:
    """Examples show a code: a code field the schema leaves out (Slack documents ``{ok}`` and shows
    ``error: invalid_auth`` in every example), or an ``id``/``error`` whose every example value, in the
    schema and the responses, is an identifier (DigitalOcean's ``id: not_found``). One prose value (DigitalOcean's
    ``error: 'Error validating resource tag ...'``) means the field is a message."""
    shown: dict[str, list[object]] = {}
    for level in _levels(body.schema):
        for name, prop in level.all_properties().items():
            if "example" in prop.data:
                shown.setdefault(_norm(name), []).append(prop.data["example"])
    for example in _examples(api, body):
        for key, value in example.items():
            if _norm(str(key)) in codes:
                return True
            shown.setdefault(_norm(str(key)), []).append(value)
    return any(shown.get(name) and all(isinstance(v, str) and _IDENTIFIER.fullmatch(v) for v in shown[name])
               for name in _CODE_LIKE)


def _levels(schema: Schema) -> list[Schema]:
    """The error body and, when it wraps the error in an object property (``{"error": {...}}``), that too."""
    wrapped = [p for n, p in schema.all_properties().items() if _norm(n) == "error" and p.type == "object"]
    return [schema, *wrapped]


@rule(id="error-code-missing", title="Error body has no machine-readable code", sections=("5.1", "5.2"),
      severity="warning", rationale="""
An error a program can act on carries a stable, machine-readable code (`INVALID_ARGUMENT`,
`order_not_found`). Without one, clients branch on the HTTP status alone (too coarse: "field missing"
and "field too long" are both 400) or parse the message, which then can never change (anti-patterns
5.1 and 5.2). A code field, a string enum, RFC 6749's OAuth `error`, or an `id`/`error` field whose
documented example values are all identifiers (`"id": "not_found"`, `"error": "invalid_auth"`, also when
only the response examples show it) counts. Copies of one body are reported once.""",
      fix="Add a `code` property (an enum of the API's error codes) to the error schema, next to `message` "
          "and `request_id`.",
      options={"fields": CODE_FIELDS},
      examples=[Example("openapi", bad=_SPEC.format(first="MessageOnly", second="MessageOnly"),
                        good=_SPEC.format(first="Error", second="Error"))])
def error_code_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    codes = {_norm(f) for f in ctx.words("fields")}
    missing = []
    for body in _distinct(api).values():
        schema = body.schema
        if {"error", "error_description"} <= set(_fields(schema)):
            continue  # RFC 6749 5.2 (OAuth): `error` is the registered code
        if schema.type in (None, "object") and schema.all_properties() and not _has_code(schema, codes) \
                and not _coded_by_example(api, body, codes):
            missing.append(body)
    for group in by_shape(missing, _shape):
        first = group[0]
        yield Issue(first.schema.loc, f"the error body of {first.op.label} ({first.status}) has no machine-readable "
                    f"code{_note(group)}", hint="add a `code` enum property")


@rule(id="error-message-only", title="Error body is only a message string", sections=("5.2",),
      severity="warning", rationale="""
An error that is one string (`{"message": "ValidationException: field 'items[2].quantity' must be > 0"}`)
forces clients to parse text to find what went wrong; from then on the wording is frozen, because
changing a comma breaks integrations (anti-pattern 5.2). Copies of one body are reported once.""",
      fix="Put everything a program acts on in structured fields: `code`, `request_id`, and details such as "
          "`field_violations: [{field, description}]`; keep `message` for humans.",
      examples=[Example("openapi", bad=_SPEC.format(first="Error", second="MessageOnly"),
                        good=_SPEC.format(first="Error", second="Error"))])
def error_message_only(api: Api, ctx: Context) -> Iterator[Issue]:
    only = [body for body in _distinct(api).values() if len(props := body.schema.all_properties()) == 1
            and next(iter(props.values())).type == "string"]
    for group in by_shape(only, _shape):
        first = group[0]
        name = next(iter(first.schema.all_properties()))
        yield Issue(first.schema.loc, f"the error body of {first.op.label} ({first.status}) is only the string "
                    f"'{name}'{_note(group)}", hint="add code, request_id and structured details")


@rule(id="error-leaks-internals", title="Error body exposes internal details", sections=("5.3",),
      severity="error", rationale="""
Stack traces, exception class names, SQL fragments and host names in errors tell an attacker how the
service is built and which dependencies it has, and make internals part of the contract
(anti-pattern 5.3). Return only what applies to the request, plus a request id for support.
Error examples (schema and media-type examples) that show a stack trace, an exception name, SQL, an
internal hostname or a private IP address are reported too: they document the leak. A field is reported once
per body shape, however many responses copy the body.""",
      fix="Remove the field from the error schema; log the details server-side under the request id.",
      options={"fields": LEAK_FIELDS},
      examples=[Example("openapi", bad=_SPEC.format(first="Error", second="Leaky"),
                        good=_SPEC.format(first="Error", second="Error"))])
def error_leaks_internals(api: Api, ctx: Context) -> Iterator[Issue]:
    leaks = {_norm(f) for f in ctx.words("fields")}
    exposed: list[tuple[_Body, str, Schema]] = []
    for body in _distinct(api).values():
        op, status = body.op, body.status
        for level in _levels(body.schema):  # the error's own fields, not the domain objects it may embed
            exposed.extend((body, name, prop) for name, prop in level.all_properties().items()
                           if _norm(name) in leaks)
            for node in (level, *level.all_properties().values()):
                for key in ("example", "examples", "default"):
                    what = leak_in(node.data[key]) if key in node.data else None
                    if what:
                        yield Issue(node.loc.child(key), f"the error example of {op.label} ({status}) shows {what}")
    # one finding per leaked field and body shape: Slack copies {ok, error, callstack} into each method
    for group in by_shape(exposed, lambda item: _shape(item[0]) | {"/" + _norm(item[1])}):
        body, name, prop = group[0]
        yield Issue(prop.loc, f"the error body of {body.op.label} ({body.status}) exposes "
                    f"'{name}'{_note([b for b, _, _ in group])}")
    yield from media_example_leaks(api)


@rule(id="error-shape-inconsistent", title="Errors have different shapes across the API", sections=("5.1",),
      severity="warning", rationale="""
When every endpoint invents its own error body, clients need a parser per endpoint and generic
handling (retry, show the field violations, quote the request id) becomes impossible. One error
shape across the whole API is part of a consistent contract (anti-pattern 5.1). Copies of one differing
body are reported once.""",
      fix="Define one error schema (e.g. `components/schemas/Error` with code, message, request_id, details) "
          "and reference it from every error response.",
      examples=[Example("openapi", bad=_SPEC.format(first="Error", second="Problem"),
                        good=_SPEC.format(first="Error", second="Error"))])
def error_shape_inconsistent(api: Api, ctx: Context) -> Iterator[Issue]:
    shapes = {key: _shape(body) for key, body in _distinct(api).items()}
    # OAuth endpoints must answer RFC 6749's {error, error_description, error_uri}: not the API's to choose
    shapes = {key: shape for key, shape in shapes.items()
              if shape and not (shape <= _OAUTH and {"error", "error_description"} <= shape)}
    if len(set(shapes.values())) < 2:
        return
    uses = Counter(shapes[schema.key] for _, _, schema, _ in _error_bodies(api) if schema.key in shapes)
    dominant, _ = uses.most_common(1)[0]
    described = ", ".join(sorted(dominant))
    differing = []
    for key, body in _distinct(api).items():
        # adding fields to an error is safe (5.4): a shape that keeps most of the dominant one is fine
        shape = shapes.get(key)
        if shape is not None and not (shape <= dominant or shape >= dominant) \
                and len(shape & dominant) * 2 < len(dominant):
            differing.append(body)
    for group in by_shape(differing, _shape):
        first = group[0]
        yield Issue(first.schema.loc, f"the error body of {first.op.label} ({first.status}) has fields "
                    f"{', '.join(sorted(_shape(first)))}; most errors of this API have {described}{_note(group)}")
