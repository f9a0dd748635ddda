"""Shared by list-bare-array, page-size-unbounded, pagination-style-inconsistent."""

from __future__ import annotations

from apilint.model.query import (
    words,
)

_LIST = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
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
"""


_PAGE = """
                type: object
                properties:
                  orders: {type: array, items: {type: object}}
                  next_page_token: {type: string}"""


def _norm(name: str) -> str:
    return "_".join(words(name))
