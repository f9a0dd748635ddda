"""Shared by duplicate-key, ref-cycle, ref-outside-root, ref-remote, ref-unresolved."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Issue
from apilint.model.core import Api, Loc
from apilint.rules._examples import spec

_HEAD = spec("""
        /v1/orders/{order_id}:
          get:
    """)


def _problems(api: Api, rule_id: str) -> Iterator[Issue]:
    for problem in getattr(api.workspace, "problems", ()):
        if problem.rule == rule_id:
            yield Issue(Loc(problem.file, problem.pointer, problem.line, problem.column), problem.message)


def ok(schema: str) -> str:
    return _HEAD + ("      parameters:\n        - {name: order_id, in: path, required: true, schema: {type: string}}\n"
                    "      responses:\n        '200':\n          description: The order\n"
                    "          content:\n            application/json:\n"
                    f"              schema: {schema}\n")


COMPONENTS = "components:\n  schemas:\n    Order: {type: object}\n"
