"""Shared by duplicate-key, ref-cycle, ref-outside-root, ref-remote, ref-unresolved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Issue
from apilint.load.pointer import escape
from apilint.model.core import Api, Loc, Schema
from apilint.model.openapi import OpenApiSchema
from apilint.model.query import per_api
from apilint.rules._examples import spec

_HEAD = spec("""
        /v1/orders/{order_id}:
          get:
    """)


def _problems(api: Api, rule_id: str) -> Iterator[Issue]:
    _follow_every_ref(api)
    for problem in getattr(api.workspace, "problems", ()):
        if problem.rule == rule_id:
            yield Issue(Loc(problem.file, problem.pointer, problem.line, problem.column), problem.message)


@per_api
def _follow_every_ref(api: Api) -> bool:
    """Follow every schema ``$ref`` reachable from the model's schemas once. They are resolved lazily,
    so without this the broken ones would be recorded only when some other rule happened to walk them.

    Walks the raw documents along the keywords the model follows (properties, items, allOf/oneOf/
    anyOf) instead of building model objects: the same refs are resolved at a fraction of the cost."""
    if api.format != "openapi":
        return True
    roots: list[Schema | None] = list(api.schemas.values())
    for op in api.operations:
        roots += [param.schema for param in op.parameters]
        bodies = [op.request] + [response.body for response in op.responses.values()]
        roots += [schema for body in bodies if body is not None for schema in body.content.values()]
        roots += [header.schema for response in op.responses.values() for header in response.headers.values()]
    workspace = api.workspace
    followed: dict[tuple[str, str], Any] = {}  # (file, $ref) -> where it led: the same answer each time
    seen: set[tuple[str, str]] = set()
    stack = [(root._source, root.loc.pointer, root.data) for root in roots if isinstance(root, OpenApiSchema)]
    pop, push = stack.pop, stack.append
    while stack:
        source, pointer, data = pop()
        if (source.path, pointer) in seen:
            continue
        seen.add((source.path, pointer))
        for at, value in _children(data, pointer):
            if "$ref" not in value:  # inline: no ref to follow here, no resolution to pay for
                if not _SUBSCHEMAS.isdisjoint(value):  # a leaf has nothing to follow
                    push((source, at, value))
                continue
            ref = value["$ref"]
            known = followed.get((source.path, ref)) if type(ref) is str else None
            if known is not None:
                push(known)
                continue
            resolved = workspace.deref(value, source, at)
            if resolved is not None and isinstance(resolved.value, dict):
                push((resolved.source, resolved.pointer, resolved.value))
                if type(ref) is str:
                    followed[(source.path, ref)] = stack[-1]
    return True


_SUBSCHEMAS = frozenset({"properties", "items", "allOf", "oneOf", "anyOf"})


def _children(data: dict, pointer: str) -> list[tuple[str, dict]]:
    """The sub-schemas the model's walk visits (``OpenApiSchema.properties/items/composed``), with
    their pointers."""
    found = []
    props = data.get("properties")
    if isinstance(props, dict):
        below = pointer + "/properties/"
        found = [(below + (name if type(name) is str and "~" not in name and "/" not in name else escape(name)),
                  value) for name, value in props.items() if isinstance(value, dict)]
    items = data.get("items")
    if isinstance(items, dict):
        found.append((pointer + "/items", items))
    for keyword in ("allOf", "oneOf", "anyOf"):
        members = data.get(keyword)
        if isinstance(members, list):
            found += [(f"{pointer}/{keyword}/{index}", value) for index, value in enumerate(members)
                      if isinstance(value, dict)]
    return found

def ok(schema: str) -> str:
    return _HEAD + ("      parameters:\n        - {name: order_id, in: path, required: true, schema: {type: string}}\n"
                    "      responses:\n        '200':\n          description: The order\n"
                    "          content:\n            application/json:\n"
                    f"              schema: {schema}\n")


COMPONENTS = "components:\n  schemas:\n    Order: {type: object}\n"
