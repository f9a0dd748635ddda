"""rate-limit-no-retry-after: 429 response without Retry-After (7.6, 6.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import words
from apilint.rules.s7_security_lifecycle._rate_limits import LIMIT_SPEC, responses_429

RATE_HEADERS = ["retry-after", "ratelimit", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset",
                "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-rate-limit-reset"]


def _rate_headers(ctx: Context) -> frozenset[str]:
    return ctx.words("headers")


@rule(id="rate-limit-no-retry-after", title="429 response without Retry-After", sections=("7.6", "6.2"),
      reads_descriptions=False,
      severity="warning", rationale="""
A client told "too many requests" without being told when to come back retries at once, in lock-step
with every other client, and the retry wave is as large as the spike (anti-patterns 7.6 and 6.2).
`Retry-After` (or the RateLimit headers, or a `retry_after` field in the body) lets clients back off to
the right moment. A shared 429 response is reported once.""",
      fix="Document a `Retry-After` header on every 429 response (and X-RateLimit-* on successful ones).",
      options={"headers": RATE_HEADERS},
      examples=[Example("openapi", bad=LIMIT_SPEC.format(headers=""),
                        good=LIMIT_SPEC.format(headers="\n          headers:\n            Retry-After: "
                                                        "{description: Seconds to wait, schema: {type: integer}}"))])
def rate_limit_no_retry_after(api: Api, ctx: Context) -> Iterator[Issue]:
    known = _rate_headers(ctx)
    for label, loc, headers, fields in responses_429(api):
        # a body field saying when to retry (Discord's `retry_after`) tells the client as much as the header
        if not headers & known and not any("retry" in words(name) for name in fields):
            yield Issue(loc, f"{label}: the 429 response documents no Retry-After or rate-limit header")
