"""Shared by id-name-misuse, state-free-string, timestamp-untyped."""

from __future__ import annotations

from typing import Any

from apilint.rules._inventory import Prop

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    get:
      operationId: getOrder
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string, maxLength: 64}}}}
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Order'}}
components:
  schemas:
    Order:
      type: object
      properties:
        order_id: {{type: string}}
        {field}
"""


def _type(data: dict[str, Any]) -> str | None:
    kind = data.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind if isinstance(kind, str) else None


def _by_name(props: list[Prop]) -> dict[str, list[Prop]]:
    grouped: dict[str, list[Prop]] = {}
    for prop in props:
        grouped.setdefault(prop.name, []).append(prop)
    return grouped
