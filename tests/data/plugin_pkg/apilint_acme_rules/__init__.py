"""Acme's API guidelines as apilint rules: importing this module registers them."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api

BAD = """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      responses: {"200": {description: ok}}
"""
GOOD = """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orders:
    get:
      x-owner: team-orders
      responses: {"200": {description: ok}}
"""


@rule(id="acme-owner-missing", title="Every operation names its owning team in x-owner", sections=["7.1"],
      severity="error", presets=("minimal",),
      rationale="Acme routes incidents to the team that owns an operation; without x-owner nobody is paged.",
      fix="Add `x-owner: <team>` to the operation.", examples=[Example("openapi", BAD, GOOD)])
def owner_missing(api: Api, context: Context) -> Iterator[Issue]:
    for operation in api.operations:
        if not operation.raw.get("x-owner"):
            yield Issue(operation.loc, f"{operation.method.upper()} {operation.path} names no owner (x-owner)")
