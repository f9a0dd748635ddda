"""error-schema-missing: Error response has no body schema (5.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation, Response
from apilint.model.query import rest_operations
from apilint.rules.s5_errors._error_responses import ERROR_404, SPEC


@rule(id="error-schema-missing", title="Error response has no body schema", sections=("5.1",),
      severity="warning", rationale="""
An error without a documented body is opaque: clients cannot tell "field missing" from "field too
long", cannot find the request id for support, and end up parsing message strings or HTML error pages
(anti-pattern 5.1). Responses to HEAD (which never carry a body) are not checked, nor the 404 of a
GET that answers 204 (a yes/no check: 404 is the "no"). A shared response, and inline copies of one
response (same status and description), are reported once.""",
      fix="Give every 4xx/5xx/default response a JSON body schema with a machine-readable `code`, a `message` "
          "and a `request_id` (shared across the API, e.g. `components/schemas/Error`).",
      examples=[Example("openapi",
                        bad=SPEC.format(errors="\n        '404': {description: No such order}"),
                        good=SPEC.format(errors=ERROR_404))])
def error_schema_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    # copies of one inline response (Kubernetes stamps `401: {description: Unauthorized}` on every
    # operation) are one problem: reported once, at the first, with their number
    copies: dict[tuple[str, str], list[tuple[Operation, str, Response]]] = {}
    for op, status, response in _bodiless_errors(api):
        key = (status, " ".join((response.description or "").lower().split()))
        copies.setdefault(key, []).append((op, status, response))
    for group in copies.values():
        op, status, response = group[0]
        more = f" ({len(group)} responses are documented the same way)" if len(group) > 1 else ""
        yield Issue(response.loc, f"{op.label}: the {status} response has no body schema{more}")


def _bodiless_errors(api: Api) -> Iterator[tuple[Operation, str, Response]]:
    seen: set[tuple[str, str]] = set()
    for op in rest_operations(api):
        if op.method == "head":
            continue  # a response to HEAD never has a body (RFC 9110 9.3.2)
        for status, response in op.responses.items():
            if status[:1] not in ("4", "5") and status != "default":
                continue
            where = (response.loc.file, response.loc.pointer)
            if where in seen:
                continue  # a shared components/responses entry is one response to fix
            seen.add(where)
            if status == "404" and op.method == "get" and _bodiless("204", op):
                continue  # GitHub's "Check if a user is a collaborator": 204 yes, 404 no; both are answers
            if response.body is None or response.body.schema is None:
                yield op, status, response


def _bodiless(status: str, op: Operation) -> bool:
    response = op.responses.get(status)
    return response is not None and (response.body is None or response.body.schema is None)
