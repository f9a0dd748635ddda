"""patch-without-merge-semantics: PATCH has no merge-patch media type or field mask (4.4)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import (
    input_fields,
    rest_operations,
)
from apilint.rules.s4_consistency._updates import UPDATE, norm

MASK_FIELDS = ["update_mask", "field_mask", "fields", "mask", "updatemask"]


@rule(id="patch-without-merge-semantics", title="PATCH has no merge-patch media type or field mask",
      reads_descriptions=False,
      sections=("4.4",), severity="warning", rationale="""
A PATCH whose body is plain `application/json` has no defined semantics for absent fields: some
servers treat them as "unchanged", others as "clear", and a client that sends a partial object can
silently delete data (anti-pattern 4.4). `application/merge-patch+json` (RFC 7396),
`application/json-patch+json` (RFC 6902) or an explicit field mask says exactly what changes.""",
      fix="Accept `application/merge-patch+json` (or JSON Patch), or take an `update_mask` naming the fields to "
          "change.",
      options={"fields": MASK_FIELDS},
      examples=[Example("openapi", bad=UPDATE.format(params="", media="application/json", errors=""),
                        good=UPDATE.format(params="", media="application/merge-patch+json", errors=""))])
def patch_without_merge_semantics(api: Api, ctx: Context) -> Iterator[Issue]:
    masks = {norm(f) for f in ctx.words("fields")}
    for op in rest_operations(api):
        if op.method != "patch" or op.request is None or not op.request.content:
            continue
        media = set(op.request.content)
        if any("merge-patch" in m or "json-patch" in m for m in media):
            continue
        if any(norm(name) in masks for name in input_fields(op)):
            continue
        yield Issue(op.request.loc, f"{op.label} takes {', '.join(sorted(media))}: absent fields have no defined "
                    "meaning", hint="use application/merge-patch+json or an update_mask")
