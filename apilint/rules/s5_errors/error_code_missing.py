"""error-code-missing: Error body has no machine-readable code (5.1, 5.2)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.rules._shared import by_shape, response_examples
from apilint.rules.s5_errors._error_bodies import (
    SPEC,
    Body,
    _fields,
    _shape,
    distinct,
    levels,
    norm,
    note,
)

CODE_FIELDS = ["code", "error_code", "type", "reason", "status", "error_type", "kind", "errors"]


def _has_code(schema: Schema, codes: frozenset[str]) -> bool:
    """A code field, or a string field with an enum of codes (Slack's ``error``), at the top or inside
    an ``error`` wrapper object."""
    for body in levels(schema):
        for name, prop in body.all_properties().items():
            if norm(name) in codes or (prop.type == "string" and prop.enum):
                return True
    return False


# a code value: `not_found`, `invalid_auth`, `INVALID_ARGUMENT` (no digits, so `ord_1234` or a UUID is no code)
_IDENTIFIER = re.compile(r"[a-z]+(?:[_.][a-z]+)*|[A-Z]+(?:_[A-Z]+)*")


_CODE_LIKE = ("id", "error")  # DigitalOcean's {"id": "not_found"}, Slack's {"ok": false, "error": "invalid_auth"}


def _examples(api: Api, body: Body) -> list[dict]:
    """The example error objects of a body: the schema's own example and its responses' examples (and the
    object inside an ``error`` wrapper of each)."""
    values = [body.schema.data.get("example")]
    for response in body.responses[:20]:
        values.extend(response_examples(api, response.loc))
    found = [v for v in values if isinstance(v, dict)]
    return found + [v["error"] for v in found if isinstance(v.get("error"), dict)]


def _coded_by_example(api: Api, body: Body, codes: frozenset[str]) -> bool:
    """Examples show a code: a code field the schema leaves out (Slack documents ``{ok}`` and shows
    ``error: invalid_auth`` in every example), or an ``id``/``error`` whose every example value, in the
    schema and the responses, is an identifier (DigitalOcean's ``id: not_found``). One prose value (DigitalOcean's
    ``error: 'Error validating resource tag ...'``) means the field is a message."""
    shown: dict[str, list[object]] = {}
    for level in levels(body.schema):
        for name, prop in level.all_properties().items():
            if "example" in prop.data:
                shown.setdefault(norm(name), []).append(prop.data["example"])
    for example in _examples(api, body):
        for key, value in example.items():
            if norm(str(key)) in codes:
                return True
            shown.setdefault(norm(str(key)), []).append(value)
    return any(shown.get(name) and all(isinstance(v, str) and _IDENTIFIER.fullmatch(v) for v in shown[name])
               for name in _CODE_LIKE)


@rule(id="error-code-missing", title="Error body has no machine-readable code", sections=("5.1", "5.2"),
      reads_descriptions=False,
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
      examples=[Example("openapi", bad=SPEC.format(first="MessageOnly", second="MessageOnly"),
                        good=SPEC.format(first="Error", second="Error"))])
def error_code_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    codes = {norm(f) for f in ctx.words("fields")}
    missing = []
    for body in distinct(api).values():
        schema = body.schema
        if {"error", "error_description"} <= set(_fields(schema)):
            continue  # RFC 6749 5.2 (OAuth): `error` is the registered code
        if schema.type in (None, "object") and schema.all_properties() and not _has_code(schema, codes) \
                and not _coded_by_example(api, body, codes):
            missing.append(body)
    for group in by_shape(missing, _shape):
        first = group[0]
        yield Issue(first.schema.loc, f"the error body of {first.op.label} ({first.status}) has no machine-readable "
                    f"code{note(group)}", hint="add a `code` enum property")
