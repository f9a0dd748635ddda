"""error-responses-missing: Operation documents no error responses (5.1, 7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import rest_operations
from apilint.rules.s5_errors._error_responses import ERROR_404, SPEC


@rule(id="error-responses-missing", title="Operation documents no error responses", sections=("5.1", "7.5"),
      reads_descriptions=False,
      severity="warning", rationale="""
Documentation covers only the happy path: a client cannot know which failures to expect or handle.
Every operation fails somehow (invalid input, missing resource, no permission); the failure modes and
their codes are part of the contract (anti-patterns 5.1 and 7.5).""",
      fix="Document the 4xx responses the operation returns (400, 404, 409, ...) or a `default` error response.",
      examples=[Example("openapi", bad=SPEC.format(errors=""), good=SPEC.format(errors=ERROR_404))])
def error_responses_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        if not op.responses or op.responses_in("4") or "default" in op.responses:
            continue
        yield Issue(op.loc.child("responses"), f"{op.label} documents no 4xx or default error response")
