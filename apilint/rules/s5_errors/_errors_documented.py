"""Shared by error-responses-missing, error-schema-missing."""

from __future__ import annotations

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders/{{order_id}}:
    get:
      operationId: getOrder
      parameters:
        - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200': {{description: The order}}{errors}
components:
  schemas:
    Error:
      type: object
      required: [code, message, request_id]
      properties:
        code: {{type: string}}
        message: {{type: string}}
        request_id: {{type: string}}
"""


_ERROR_404 = """
        '404':
          description: No such order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}"""
