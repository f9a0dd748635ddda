"""Errors expose no internals: stack traces, exception names, SQL, hostnames (5.3)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Schema
from apilint.rules._shared import error_responses, raw_at, snake, spec

LEAK_FIELDS = ["stack", "stack_trace", "stacktrace", "callstack", "call_stack", "trace", "backtrace", "traceback",
               "exception", "exception_class", "exception_type", "exception_message", "sql", "sql_state",
               "sql_query", "host", "hostname", "server_name", "internal_message", "debug_info", "line_number",
               "class_name", "inner_exception"]
_PATTERNS = [
    (re.compile(r"\bat [\w$.]+\([\w$]+\.(java|kt|scala):\d+\)"), "a Java stack trace"),
    (re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+"), "a Python traceback"),
    (re.compile(r"\b[A-Z]\w*(Exception|Error)\b(?=[: ]| at )"), "an exception name"),
    (re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I), "SQL"),
    (re.compile(r"\b[\w-]+\.(internal|local|corp|intranet|svc\.cluster\.local)\b"), "an internal hostname"),
    (re.compile(r"\b(10\.\d{1,3}|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d{1,3}\.\d{1,3}\b"), "a private IP address"),
]
_EXAMPLE_KEYS = ("example", "examples", "default", "x-example")


def _leak_in(value: Any) -> str | None:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    for pattern, what in _PATTERNS:
        if pattern.search(text):
            return what
    return None


_PATHS = """
/v1/orders:
  post:
    operationId: createOrder
    responses:
      '201': {description: Created}
      '500':
        description: Internal error
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Error'}
"""
_SCHEMA = """
schemas:
  Error:
    type: object
    properties:
      code: {type: string}
      message: {type: string}
      request_id: {type: string}"""


@rule(id="error-leaks-internals", title="Error exposes stack traces, exception names, SQL or hostnames",
      sections=("5.3",), severity="warning", rationale="""
Stack traces, exception class names, SQL fragments and internal hostnames in errors tell an attacker
which frameworks, tables and hosts sit behind the API, and clients start depending on them (anti-pattern
5.3: "500 that says NullPointerException at com.internal.service.OrderProcessor:237"). Re-throw
dependency failures as the service's own error codes and include only a request id for support.
Flagged: error-schema fields named like stack/trace/exception/sql/host, and error examples that contain
such text.""",
      fix="Remove the field (log the detail server-side under the request id) and map internal failures to the "
          "API's own error codes.",
      options={"fields": LEAK_FIELDS},
      examples=[Example("openapi", bad=spec(_PATHS, _SCHEMA + "\n      stack_trace: {type: string}"),
                        good=spec(_PATHS, _SCHEMA)),
                Example("openapi", bad=spec(_PATHS, _SCHEMA + "\n    example: {code: INTERNAL, message: "
                                            "'NullPointerException at com.shop.OrderProcessor.create(OrderProcessor"
                                            ".java:237)', request_id: req-1}"),
                        good=spec(_PATHS, _SCHEMA + "\n    example: {code: INTERNAL, message: 'The order could not be "
                                  "created. Quote the request id to support.', request_id: req-1}"))])
def error_leaks_internals(api: Api, ctx: Context) -> Iterator[Issue]:
    fields = {snake(w) for w in ctx.words("fields")}
    seen: set[tuple[str, str]] = set()
    responses_seen: set[tuple[str, str]] = set()
    for op, status, response, root in error_responses(api):
        for path, schema in _error_nodes(root):
            if schema.key in seen:
                continue
            seen.add(schema.key)
            leaf = path.rsplit(".", 1)[-1].rstrip("[]")
            if leaf and snake(leaf) in fields:
                yield Issue(schema.loc, f"error field '{path}' ({status} of {op.label}) exposes internals: remove "
                            "it and log the detail server-side under the request id", hint="remove the field")
            for key in _EXAMPLE_KEYS:
                if key in schema.data:
                    what = _leak_in(schema.data[key])
                    if what:
                        yield Issue(schema.loc.child(key), f"error example ({status} of {op.label}) contains {what}: "
                                    "errors must not expose internals", hint="show the API's own error code")
        if (response.loc.file, response.loc.pointer) in responses_seen:
            continue
        responses_seen.add((response.loc.file, response.loc.pointer))
        yield from _media_examples(api, response.loc, status, op.label)


def _error_nodes(root: Schema) -> Iterator[tuple[str, Schema]]:
    """The error body and its fields, two levels deep (`error.stack`, `errors[].trace`); resources embedded in
    an error (Stripe's `error.payment_intent`) are not the error's own fields and are not walked."""
    yield "", root
    stack: list[tuple[str, Schema, int]] = [("", root, 0)]
    while stack:
        path, schema, depth = stack.pop()
        if schema.type == "array" and schema.items() is not None:
            schema = schema.items()  # type: ignore[assignment]
            path += "[]"
        for name, prop in schema.all_properties().items():
            child = f"{path}.{name}" if path else name
            yield child, prop
            if depth < 1 and (prop.type in ("object", "array")) and snake(name) in ("error", "errors", "details",
                                                                                     "debug", "meta", "cause"):
                stack.append((child, prop, depth + 1))


def _media_examples(api: Api, loc: Loc, status: str, label: str) -> Iterator[Issue]:
    raw = raw_at(api, loc)
    content = raw.get("content")
    items = list(content.items()) if isinstance(content, dict) else []
    if isinstance(raw.get("examples"), dict) and not items:  # swagger 2.0 response examples
        items = [("", {"examples": raw["examples"]})]
    for media, media_obj in items:
        if not isinstance(media_obj, dict):
            continue
        for key in ("example", "examples"):
            if key in media_obj:
                what = _leak_in(media_obj[key])
                if what:
                    pointer = loc.child("content", media, key) if media else loc.child(key)
                    yield Issue(pointer, f"error example ({status} of {label}) contains {what}: errors must not "
                                "expose internals", hint="show the API's own error code")
