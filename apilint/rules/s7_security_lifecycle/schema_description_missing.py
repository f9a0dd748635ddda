"""schema-description-missing: Named schema has no description (7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules._examples import spec

_OP = """
/v1/orders/{{order_id}}:
  get:
    operationId: getOrder{doc}
    parameters:
      - name: order_id
        in: path
        required: true{param_doc}
        schema: {{type: string}}
    responses:
      '200':
        description: The order
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Order'}}
"""


_ORDER = """
schemas:
  Order:{doc}
    type: object
    properties:
      order_id: {{type: string}}
"""


_DOC_OP = "\n    summary: Get an order\n    description: Returns the order, or 404 when it does not exist."


_DOC_PARAM = "\n        description: The order's id, as returned by createOrder (e.g. ord_1234)."


_DOC_SCHEMA = "\n    description: A customer's order and its fulfilment state."


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


@rule(id="schema-description-missing", title="Named schema has no description", sections=("7.5",),
      severity="info", presets=(), rationale="""
A named schema (a component) is a type clients see in every generated SDK; without a description its
meaning and invariants live only in the heads of its authors (anti-pattern 7.5).""",
      fix="Add a `description` to the schema: what it represents and any invariants.",
      examples=[Example("openapi", bad=spec(_OP.format(doc=_DOC_OP, param_doc=_DOC_PARAM), _ORDER.format(doc="")),
                        good=spec(_OP.format(doc=_DOC_OP, param_doc=_DOC_PARAM), _ORDER.format(doc=_DOC_SCHEMA)))])
def schema_description_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    for name, schema in api.schemas.items():
        data = schema.data
        if not _blank(data.get("description")) or not _blank(data.get("title")):
            continue
        if "$ref" in data or schema.type not in ("object", None) or (not data.get("properties") and
                                                                      not data.get("allOf")):
            continue  # aliases, enums and scalars explain themselves more often than not
        yield Issue(schema.loc, f"schema '{name}' has no description")
