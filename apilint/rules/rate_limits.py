"""Rate limiting is part of the contract: 429 with Retry-After and rate-limit headers (7.6)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc
from apilint.model.query import rest_operations
from apilint.rules._shared import spec

RATE_LIMIT_HEADERS = ["retry-after", "x-ratelimit-reset", "ratelimit-reset", "ratelimit", "x-rate-limit-reset",
                      "x-ratelimit-retry-after", "ratelimit-policy"]

_PATHS = """
/v1/orders:
  get:
    operationId: listOrders
    responses:
      '200': {{description: A page of orders}}
      '400': {{description: Invalid filter}}{limited}
"""
_429 = """
      '429':
        description: Too many requests
        headers:
          Retry-After: {description: Seconds to wait before retrying, schema: {type: integer}}"""


@rule(id="rate-limit-undocumented", title="No operation documents 429 Too Many Requests", sections=("7.6",),
      severity="warning", rationale="""
Every public API throttles sooner or later; when the contract does not say so, clients treat throttling
as a failure (or the service answers 500 instead of 429) and retry immediately, making it worse
(anti-pattern 7.6). Document `429 Too Many Requests` with `Retry-After` on the operations that are
limited. Reported once per API, when no operation documents 429.""",
      fix="Document a `429` response (shared via `components/responses`) with a `Retry-After` header.",
      examples=[Example("openapi", bad=spec(_PATHS.format(limited="")), good=spec(_PATHS.format(limited=_429)))])
def rate_limit_undocumented(api: Api, ctx: Context) -> Iterator[Issue]:
    ops = list(rest_operations(api))
    if not ops or any("429" in op.responses for op in ops):
        return
    yield Issue(Loc(api.file, "/paths"), f"none of the {len(ops)} operations documents 429 Too Many Requests: "
                "document it with a Retry-After header", hint="add a shared 429 response with Retry-After")


@rule(id="rate-limit-headers-missing", title="429 response without Retry-After or rate-limit headers",
      sections=("7.6", "5.1"), severity="warning", rationale="""
A 429 that does not say when to retry makes clients guess: they retry at once and prolong the overload,
or back off far longer than needed. `Retry-After` (or `RateLimit-Reset` / `X-RateLimit-Reset`) tells them
(anti-pattern 7.6; 5.1 "include retry_after_seconds in 429"). Each 429 response is reported once, where
it is defined.""",
      fix="Add a `Retry-After` header (seconds) to the 429 response; consider `X-RateLimit-Limit`, "
          "`-Remaining` and `-Reset` on every response.",
      options={"headers": RATE_LIMIT_HEADERS},
      examples=[Example("openapi", bad=spec(_PATHS.format(limited="\n      '429': {description: Too many requests}")),
                        good=spec(_PATHS.format(limited=_429)))])
def rate_limit_headers_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    wanted = ctx.words("headers")
    seen: set[tuple[str, str]] = set()
    for op in rest_operations(api):
        response = op.responses.get("429")
        if response is None or (response.loc.file, response.loc.pointer) in seen:
            continue
        seen.add((response.loc.file, response.loc.pointer))
        if set(response.headers) & wanted:
            continue
        body = response.body.schema if response.body else None
        if body is not None and any("retry" in name.lower() for name in body.all_properties()):
            continue
        yield Issue(response.loc, f"the 429 response of {op.label} does not say when to retry: add a Retry-After "
                    "header", hint="Retry-After: seconds")
