"""Shared by duplicate-key, ref-cycle, ref-outside-root, ref-remote, ref-unresolved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from apilint.engine.rule import Issue
from apilint.load.pointer import join
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
    seen: set[tuple[str, str]] = set()
    stack = [(root._source, root.loc.pointer, root.data) for root in roots if isinstance(root, OpenApiSchema)]
    while stack:
        source, pointer, data = stack.pop()
        if (source.path, pointer) in seen:
            continue
        seen.add((source.path, pointer))
        for tokens, value in _children(data):
            if "$ref" not in value:  # inline: no ref to follow here, no resolution to pay for
                stack.append((source, join(pointer, *tokens), value))
                continue
            resolved = workspace.deref(value, source, join(pointer, *tokens))
            if resolved is not None and isinstance(resolved.value, dict):
                stack.append((resolved.source, resolved.pointer, resolved.value))
    return True


def _children(data: dict) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """The sub-schemas the model's walk visits (``OpenApiSchema.properties/items/composed``)."""
    props = data.get("properties")
    if isinstance(props, dict):
        for name, value in props.items():
            if isinstance(value, dict):
                yield ("properties", name), value
    items = data.get("items")
    if isinstance(items, dict):
        yield ("items",), items
    for keyword in ("allOf", "oneOf", "anyOf"):
        members = data.get(keyword)
        if isinstance(members, list):
            for index, value in enumerate(members):
                if isinstance(value, dict):
                    yield (keyword, index), value

def ok(schema: str) -> str:
    return _HEAD + ("      parameters:\n        - {name: order_id, in: path, required: true, schema: {type: string}}\n"
                    "      responses:\n        '200':\n          description: The order\n"
                    "          content:\n            application/json:\n"
                    f"              schema: {schema}\n")


COMPONENTS = "components:\n  schemas:\n    Order: {type: object}\n"
