"""unknown-fields-accepted: Request schema silently accepts unknown fields in a strict API (2.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api, Schema
from apilint.rules._examples import spec
from apilint.rules._inventory import request_roots


def _strict_spec(last_closed: bool) -> str:
    parts = [spec("""

    """)]
    for i in range(4):
        extra = "additionalProperties: false, " if i < 3 or last_closed else ""
        parts.append(f"  /v1/r{i}:\n    post:\n      operationId: createR{i}\n      requestBody:\n"
                     "        content:\n          application/json:\n"
                     f"            schema: {{type: object, {extra}"
                     "properties: {note: {type: string, maxLength: 10}}}\n"
                     "      responses: {'201': {description: Created}}\n")
    return "".join(parts)


def _closed(schema: Schema) -> bool:
    return schema.data.get("additionalProperties") is False or schema.data.get("unevaluatedProperties") is False


@rule(id="unknown-fields-accepted", title="Request schema silently accepts unknown fields in a strict API",
      reads_descriptions=False,
      sections=("2.5",), severity="warning", options={"min_share": 0.6, "min_strict": 3}, rationale="""
An API whose request schemas mostly say `additionalProperties: false` promises to reject unknown
fields; the few that do not silently drop them. A client's typo is accepted and ignored, and when a
field of that name is added later with different semantics, old clients change behaviour without
changing code (anti-pattern 2.5: accept unknown fields only where explicitly designed for it).""",
      fix="Add `additionalProperties: false` to the request schema, like the rest of the API.",
      examples=[Example("openapi", bad=_strict_spec(False), good=_strict_spec(True))])
def unknown_fields_accepted(api: Api, ctx: Context) -> Iterator[Issue]:
    roots = [(op, schema) for op, what, schema in request_roots(api) if what.startswith("request")
             and schema.type == "object" and schema.properties()]
    closed = [r for r in roots if _closed(r[1])]
    if len(closed) < int(ctx.option("min_strict")) or len(closed) / max(len(roots), 1) < float(ctx.option("min_share")):
        return
    for op, schema in roots:
        if not _closed(schema):
            yield Issue(schema.loc, f"{op.label}: the request body accepts unknown fields, but {len(closed)} of "
                        f"{len(roots)} request bodies in this API reject them", hint="add additionalProperties: false")
