"""Operations, parameters and schemas are documented (7.5)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules._shared import spec

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


@rule(id="operation-description-missing", title="Operation has no summary or description", sections=("7.5",),
      severity="warning", formats=("openapi", "proto"), presets=("minimal",), rationale="""
An operation without a summary or description leaves every caller to guess what it does, when it
fails and whether it is safe to retry: "documentation is a contract" (anti-pattern 7.5). Generated
reference docs and SDK doc-comments come from these fields.""",
      fix="Add a `summary` (one line) and a `description` covering behaviour, failure modes and retry safety.",
      examples=[Example("openapi", bad=spec(_OP.format(doc="", param_doc=_DOC_PARAM), _ORDER.format(doc=_DOC_SCHEMA)),
                        good=spec(_OP.format(doc=_DOC_OP, param_doc=_DOC_PARAM), _ORDER.format(doc=_DOC_SCHEMA)))])
def operation_description_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in api.operations:
        if _blank(op.summary) and _blank(op.description):
            yield Issue(op.loc, f"{op.label} has no summary or description: say what it does and how it fails")


@rule(id="parameter-description-missing", title="Parameter has no description", sections=("7.5",),
      severity="info", rationale="""
A parameter without a description says nothing about its valid values or what happens when it is
absent ("field descriptions say 'the order ID' rather than valid values and behavior when absent",
anti-pattern 7.5). Each parameter is reported once, where it is defined.""",
      fix="Describe the parameter: its meaning, valid values or format, and the default when absent.",
      examples=[Example("openapi", bad=spec(_OP.format(doc=_DOC_OP, param_doc=""), _ORDER.format(doc=_DOC_SCHEMA)),
                        good=spec(_OP.format(doc=_DOC_OP, param_doc=_DOC_PARAM), _ORDER.format(doc=_DOC_SCHEMA)))])
def parameter_description_missing(api: Api, ctx: Context) -> Iterator[Issue]:
    seen: set[tuple[str, str]] = set()
    for op in api.operations:
        for param in op.parameters:
            key = (param.loc.file, param.loc.pointer)
            if key in seen:
                continue
            seen.add(key)
            described = not _blank(param.description) or (
                param.schema is not None and not _blank(param.schema.data.get("description")))
            if not described:
                yield Issue(param.loc, f"parameter '{param.name}' ({param.location}) of {op.label} has no description")


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
