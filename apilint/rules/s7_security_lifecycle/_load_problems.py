"""Shared by duplicate-key, ref-cycle, ref-outside-root, ref-remote, ref-unresolved."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Issue
from apilint.model.core import Api, Loc, Schema
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
    """Walk every schema of the model once. Schema ``$ref``s are followed lazily, so without this the
    broken ones would be recorded only when some other rule happened to walk them, first."""
    if api.format != "openapi":
        return True
    roots: list[Schema | None] = list(api.schemas.values())
    for op in api.operations:
        roots += [param.schema for param in op.parameters]
        bodies = [op.request] + [response.body for response in op.responses.values()]
        roots += [schema for body in bodies if body is not None for schema in body.content.values()]
        roots += [header.schema for response in op.responses.values() for header in response.headers.values()]
    seen: set[tuple[str, str]] = set()
    for root in roots:
        if root is not None:
            for _ in root.walk(seen):
                pass
    return True


def ok(schema: str) -> str:
    return _HEAD + ("      parameters:\n        - {name: order_id, in: path, required: true, schema: {type: string}}\n"
                    "      responses:\n        '200':\n          description: The order\n"
                    "          content:\n            application/json:\n"
                    f"              schema: {schema}\n")


COMPONENTS = "components:\n  schemas:\n    Order: {type: object}\n"
