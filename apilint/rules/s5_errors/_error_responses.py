"""Shared by error-responses-missing, error-schema-missing."""

from __future__ import annotations

from apilint.rules._examples import spec

SPEC = spec("""
        /v1/orders/{{order_id}}:
          get:
            operationId: getOrder
            parameters:
              - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
            responses:
              '200': {{description: The order}}{errors}
    """, """
        schemas:
          Error:
            type: object
            required: [code, message, request_id]
            properties:
              code: {{type: string}}
              message: {{type: string}}
              request_id: {{type: string}}
    """)


ERROR_404 = """
        '404':
          description: No such order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}"""
