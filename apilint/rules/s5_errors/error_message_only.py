"""error-message-only: Error body is only a message string (5.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules._shared import by_shape
from apilint.rules.s5_errors._error_bodies import SPEC, _shape, distinct, note


@rule(id="error-message-only", title="Error body is only a message string", sections=("5.2",),
      reads_descriptions=False,
      severity="warning", rationale="""
An error that is one string (`{"message": "ValidationException: field 'items[2].quantity' must be > 0"}`)
forces clients to parse text to find what went wrong; from then on the wording is frozen, because
changing a comma breaks integrations (anti-pattern 5.2). Copies of one body are reported once.""",
      fix="Put everything a program acts on in structured fields: `code`, `request_id`, and details such as "
          "`field_violations: [{field, description}]`; keep `message` for humans.",
      examples=[Example("openapi", bad=SPEC.format(first="Error", second="MessageOnly"),
                        good=SPEC.format(first="Error", second="Error"))])
def error_message_only(api: Api, ctx: Context) -> Iterator[Issue]:
    only = [body for body in distinct(api).values() if len(props := body.schema.all_properties()) == 1
            and next(iter(props.values())).type == "string"]
    for group in by_shape(only, _shape):
        first = group[0]
        name = next(iter(first.schema.all_properties()))
        yield Issue(first.schema.loc, f"the error body of {first.op.label} ({first.status}) is only the string "
                    f"'{name}'{note(group)}", hint="add code, request_id and structured details")
