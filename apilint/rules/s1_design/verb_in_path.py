"""verb-in-path: Path segment is a verb instead of a resource noun (1.3)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import is_path_param, rest_operations, words
from apilint.rules._examples import spec

VERBS = ["get", "fetch", "retrieve", "read", "list", "create", "add", "make", "insert", "new", "update",
         "modify", "edit", "change", "set", "delete", "remove", "destroy", "erase", "save", "put", "post",
         "patch", "execute", "process", "perform", "run", "handle"]


# A verb followed by these is a noun compound: add-ons, AddOnResults, remove-token, restart_count.
_NOUN_FOLLOWERS = frozenset({"on", "ons", "token", "tokens", "count", "counts"})


_SPEC = spec("""
        {path}:
          post:
            operationId: createOrder
            responses: {{'201': {{description: Created}}}}
    """)


@rule(id="verb-in-path", title="Path segment is a verb instead of a resource noun", sections=("1.3",),
      reads_descriptions=False,
      severity="warning", rationale="""
URLs identify resources with nouns and HTTP methods express the action: `POST /v1/orders`, not
`POST /createOrder`. Verb-shaped URIs (`/getUser`, `/updateOrderStatus`) lose the hierarchy that makes a
REST API predictable without documentation, and multiply endpoints for one resource (anti-pattern 1.3).
Custom methods after a colon (`/orders/{id}:cancel`, AIP-136) are a deliberate exception and not
flagged.""",
      fix="Name the resource and let the method say what happens: GET /v1/users/{user_id}, POST /v1/orders, "
          "PATCH /v1/orders/{order_id}.",
      options={"verbs": VERBS},
      examples=[Example("openapi", bad=_SPEC.format(path="/v1/createOrder"), good=_SPEC.format(path="/v1/orders"))])
def verb_in_path(api: Api, ctx: Context) -> Iterator[Issue]:
    verbs = ctx.words("verbs")
    for op in rest_operations(api):
        for segment in op.path_segments:
            if is_path_param(segment) or ":" in segment:
                continue
            ws = words(segment) or [""]
            first = ws[0]
            if first in verbs and not (len(ws) > 1 and ws[1] in _NOUN_FOLLOWERS):
                yield Issue(op.loc, f"{op.label}: path segment '{segment}' starts with the verb '{first}'",
                            hint="use a resource noun and let the HTTP method carry the action")
                break
