"""Shared by list-bare-array, page-size-unbounded, pagination-style-inconsistent."""

from __future__ import annotations

from apilint.model.query import (
    words,
)
from apilint.rules._examples import spec

LIST = spec("""
        /v1/orders:
          get:
            operationId: listOrders
            parameters:
              - {{name: page_size, in: query, schema: {{type: integer{bound}}}}}
              - {{name: page_token, in: query, schema: {{type: string}}}}
            responses:
              '200':
                description: Orders
                content:
                  application/json:
                    schema:{body}
    """)


PAGE = """
                type: object
                properties:
                  orders: {type: array, items: {type: object}}
                  next_page_token: {type: string}"""


def norm(name: str) -> str:
    return "_".join(words(name))
