"""description-missing: Operation or parameter without a description (7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Loc, Operation
from apilint.model.query import (
    rest_operations,
)
from apilint.rules._examples import spec
from apilint.rules._shared import raw_at

_DOCS = spec("""
        /v1/orders:
          get:
            operationId: listOrders{summary}
            parameters:
              - name: page_token
                in: query{param}
                schema: {{type: string}}
            responses: {{'200': {{description: Orders}}}}
    """)


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _path_item_documented(api: Api, op: Operation) -> bool:
    """A Path Item's summary/description applies to all its operations (Twilio leaves each operation's
    summary empty and describes the path: "Usage records summarized by month")."""
    parent, _, method = op.loc.pointer.rpartition("/")
    item = raw_at(api, Loc(op.loc.file, parent)) if parent else {}
    return method in item and (_text(item.get("summary")) or _text(item.get("description")))


@rule(id="description-missing", title="Operation or parameter without a description", sections=("7.5",),
      severity="info", presets=(), rationale="""
Documentation is part of the contract: a parameter without a description leaves valid values,
defaults and behaviour when absent to guesswork, and an operation without a summary cannot be found
in generated docs and SDKs (anti-pattern 7.5). A path item's summary or description covers its
operations.""",
      fix="Add a `summary` (or `description`) to every operation and a `description` to every parameter saying "
          "what values are valid and what happens when it is absent.",
      examples=[Example("openapi", bad=_DOCS.format(summary="", param=""),
                        good=_DOCS.format(summary="\n      summary: List orders",
                                          param="\n          description: The next_page_token of the previous page"))])
def description_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    seen: set[tuple[str, str]] = set()
    for op in rest_operations(api):
        if not (_text(op.summary) or _text(op.description) or _path_item_documented(api, op)):
            yield Issue(op.loc, f"{op.label} has neither summary nor description")
        for param in op.parameters:
            key = (param.loc.file, param.loc.pointer)
            if key in seen:
                continue
            seen.add(key)
            schema_doc = param.schema.data.get("description") if param.schema is not None else None
            if not (param.description or schema_doc):
                yield Issue(Loc(param.loc.file, param.loc.pointer), f"{op.label}: parameter '{param.name}' has no "
                            "description")
