"""rate-limit-undocumented: No operation documents a 429 response (7.6)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc
from apilint.model.query import rest_operations
from apilint.rules.s7_security_lifecycle._rate_limits import LIMIT_SPEC, responses_429

_429 = re.compile(r"\b429\b")


def _429_in_prose(api: Api) -> bool:
    """The descriptions say how the API answers when limited (Asana: "You may receive a `429 Too Many
    Requests` response if you hit any of our rate limits"): in the info, a tag or an operation."""
    raw = api.raw if isinstance(api.raw, dict) else {}
    info = raw.get("info") if isinstance(raw.get("info"), dict) else {}
    texts = [info.get("description")]
    texts += [t.get("description") for t in raw.get("tags") or [] if isinstance(t, dict)]
    texts += [text for op in rest_operations(api) for text in (op.summary, op.description)]
    return any(isinstance(text, str) and _429.search(text) for text in texts)


@rule(id="rate-limit-undocumented", title="No operation documents a 429 response", sections=("7.6",),
      severity="info", presets=(), rationale="""
Every public API is rate limited somewhere; when the spec never mentions 429, clients are written as
if it could not happen and fail (or retry in a storm) the first time it does (anti-pattern 7.6). A 429
that the descriptions (info, tags, operations) promise in prose counts as documented.""",
      fix="Document the 429 response (with Retry-After) on the operations that are limited.",
      examples=[Example("openapi", bad=LIMIT_SPEC.format(headers="").replace("        '429':\n"
                                                                               "          description: Too many "
                                                                               "requests\n", ""),
                        good=LIMIT_SPEC.format(headers=""))])
def rate_limit_undocumented(api: Api, ctx: Context) -> Iterator[Issue]:
    if any(True for _ in rest_operations(api)) and not responses_429(api) and not _429_in_prose(api):
        yield Issue(Loc(api.file, "/paths"), "no operation documents a 429 (Too Many Requests) response")
