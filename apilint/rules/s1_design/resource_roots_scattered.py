"""resource-roots-scattered: Variants of one resource live under separate roots (1.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Operation
from apilint.model.query import is_path_param, rest_operations
from apilint.rules._examples import spec
from apilint.rules._inventory import cached_words, singular

_VERSION = re.compile(r"v\d+([.\-_]?\w+)?")


def _roots(api: Api) -> dict[str, Operation]:
    """First literal segment after the version (or the first segment) -> an operation under it."""
    roots: dict[str, Operation] = {}
    for op in rest_operations(api):
        segments = op.path_segments
        start = next((i + 1 for i, s in enumerate(segments[:3]) if _VERSION.fullmatch(s)), 0)
        if start < len(segments) and not is_path_param(segments[start]):
            roots.setdefault(segments[start], op)
    return roots


# Words that make a root a *variant* of another (order-history, cluster-info). Compound resources
# such as subscription_items or project_memberships are first-class resources in Stripe's and Asana's
# designs and are not flagged.
VARIANT_WORDS = ["history", "histories", "archive", "archived", "list", "all", "details", "detail", "info", "summary",
                 "data", "search", "new", "old", "legacy", "v2", "latest", "overview", "view", "views", "feed"]


_ROOTS_SPEC = spec("""
        /v1/orders:
          get:
            operationId: listOrders
            responses: {{'200': {{description: OK}}}}
        /v1/{second}:
          get:
            operationId: listOrderHistory
            responses: {{'200': {{description: OK}}}}
    """)


@rule(id="resource-roots-scattered", title="Variants of one resource live under separate roots",
      reads_descriptions=False,
      sections=("1.3",), severity="info", presets=("strict",), options={"variant_words": VARIANT_WORDS},
      rationale="""
`/orders`, `/order-history` and `/order-items` as three roots scatter one concept across the URL space
with no visible relationship; teams grow overlapping namespaces and clients cannot navigate the API
from its structure. Related sub-resources live under their parent: `/v1/orders/{order_id}/items`,
`/v1/orders/{order_id}/events`, and history is a filter (`/v1/orders?status=completed`) (anti-pattern 1.3).""",
      fix="Move the variant under its parent resource (/v1/orders/{order_id}/history) or express it as a filter.",
      examples=[Example("openapi", bad=_ROOTS_SPEC.format(second="order-history"),
                        good=_ROOTS_SPEC.format(second="customers"))])
def resource_roots_scattered(api: Api, ctx: Context) -> Iterator[Issue]:
    variants = ctx.words("variant_words")
    roots = _roots(api)
    nouns = {singular(cached_words(root)[0]): root for root in roots if len(cached_words(root)) == 1}
    for root, op in roots.items():
        ws = cached_words(root)
        if len(ws) < 2 or not variants & set(ws[1:]):
            continue
        parent = nouns.get(singular(ws[0]))
        if parent is not None and parent != root:
            yield Issue(op.loc, f"'/{root}' is a variant of '/{parent}' but lives beside it as a separate root",
                        hint=f"make it a sub-resource or filter of /{parent}")
