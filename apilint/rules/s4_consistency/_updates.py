"""Shared by patch-without-merge-semantics, update-without-concurrency-control."""

from __future__ import annotations

from apilint.model.query import (
    words,
)
from apilint.rules._examples import spec

UPDATE = spec("""
        /v1/orders/{{order_id}}:
          patch:
            operationId: updateOrder
            parameters:
              - {{name: order_id, in: path, required: true, schema: {{type: string}}}}{params}
            requestBody:
              content:
                {media}:
                  schema: {{type: object, properties: {{note: {{type: string}}}}}}
            responses:
              '200': {{description: Updated}}{errors}
    """)


def norm(name: str) -> str:
    return "_".join(words(name))
