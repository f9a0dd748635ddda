"""post-for-read: POST used for a read without a documented reason (2.2)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import rest_operations
from apilint.rules._examples import spec
from apilint.rules._inventory import cached_words, first_word
from apilint.rules.s2_contract._http_verbs import STATE_CHANGING

READ_VERBS = ["get", "list", "fetch", "retrieve", "read", "lookup", "describe", "show"]


_POST_SPEC = spec("""
        /v1/orders{suffix}:
          {method}:
            operationId: listOrders
            responses: {{'200': {{description: OK}}}}
    """)


@rule(id="post-for-read", title="POST used for a read without a documented reason", sections=("2.2",),
      severity="info", options={"verbs": READ_VERBS}, rationale="""
POST is neither safe nor idempotent: caches, proxies and retrying clients treat a POST read as
something that may change state, so it is not cached and not retried. Reads are GET. A search whose
inputs do not fit a query string may be a POST to a search resource, documented as such; tunnelling
every call through POST (GraphQL, gRPC) is a protocol choice that must be documented (anti-pattern 2.2).""",
      fix="Use GET with query parameters; for a complex search use POST on a search resource and say why in "
          "the description.",
      examples=[Example("openapi", bad=_POST_SPEC.format(suffix="/list", method="post"),
                        good=_POST_SPEC.format(suffix="", method="get"))])
def post_for_read(api: Api, ctx: Context) -> Iterator[Issue]:
    reads, changes = ctx.words("verbs"), frozenset(STATE_CHANGING)
    for op in rest_operations(api):
        if op.method != "post" or "graphql" in (op.path or "").lower():
            continue
        name_words = cached_words(op.operation_id or "")
        if first_word(op) not in reads or changes & set(name_words[1:]):
            continue
        if {"search", "query", "filter", "batch", "bulk", "token", "or"} & set(name_words):
            continue
        if any(s in op.responses for s in ("201", "202")):
            continue
        text = f"{op.summary or ''} {op.description or ''}".lower()
        if "post" in text or "body" in text:
            continue
        yield Issue(op.loc, f"{op.label} ('{op.operation_id}') reads but uses POST",
                    hint="use GET, or document why the read needs a request body")
