"""Shared by error-code-missing, error-leaks-internals, error-message-only, error-shape-inconsistent."""

from __future__ import annotations

from dataclasses import dataclass, field

from apilint.model.core import Api, Operation, Response, Schema
from apilint.model.query import per_api, rest_operations, words
from apilint.rules._examples import spec
from apilint.rules._shared import shape_note

SPEC = spec("""
        /v1/orders/{{order_id}}:
          get:
            operationId: getOrder
            parameters: [{{name: order_id, in: path, required: true, schema: {{type: string}}}}]
            responses:
              '200': {{description: The order}}
              '404':
                description: No such order
                content:
                  application/json:
                    schema: {{$ref: '#/components/schemas/{first}'}}
        /v1/orders:
          post:
            operationId: createOrder
            parameters: [{{name: Idempotency-Key, in: header, schema: {{type: string}}}}]
            responses:
              '201': {{description: Created}}
              '400':
                description: Invalid order
                content:
                  application/json:
                    schema: {{$ref: '#/components/schemas/{second}'}}
    """, """
        schemas:
          Error:
            type: object
            properties:
              code: {{type: string}}
              message: {{type: string}}
              request_id: {{type: string}}
          MessageOnly:
            type: object
            properties:
              message: {{type: string}}
          Problem:
            type: object
            properties:
              title: {{type: string}}
              detail: {{type: string}}
              instance: {{type: string}}
          Leaky:
            type: object
            properties:
              code: {{type: string}}
              message: {{type: string}}
              request_id: {{type: string}}
              stackTrace: {{type: string}}
    """)


def norm(name: str) -> str:
    return "_".join(words(name))


@dataclass
class Body:
    """One error schema, with the first operation using it and every response that does."""

    op: Operation
    status: str
    schema: Schema
    responses: list[Response] = field(default_factory=list)


@per_api
def error_bodies(api: Api) -> tuple[tuple[Operation, str, Schema, Response], ...]:
    """(operation, status, schema, response) of every 4xx/5xx/default response body with a JSON-ish schema."""
    found = []
    for op in rest_operations(api):
        for status, response in op.responses.items():
            if (status[:1] in ("4", "5") or status == "default") and response.body and response.body.schema:
                found.append((op, status, response.body.schema, response))
    return tuple(found)


@per_api
def distinct(api: Api) -> dict[tuple[str, str], Body]:
    """The error schemas, once each (first use), with the responses using them."""
    seen: dict[tuple[str, str], Body] = {}
    for op, status, schema, response in error_bodies(api):
        seen.setdefault(schema.key, Body(op, status, schema)).responses.append(response)
    return seen


def _shape(body: Body) -> frozenset[str]:
    return frozenset(_fields(body.schema))


def note(group: list[Body]) -> str:
    return shape_note(sum(len(body.responses) for body in group))


def _fields(schema: Schema) -> set[str]:
    return {norm(n) for n in schema.all_properties()}


def levels(schema: Schema) -> list[Schema]:
    """The error body and, when it wraps the error in an object property (``{"error": {...}}``), that too."""
    wrapped = [p for n, p in schema.all_properties().items() if norm(n) == "error" and p.type == "object"]
    return [schema, *wrapped]
