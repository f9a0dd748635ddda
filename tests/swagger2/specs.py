"""A Swagger 2.0 spec with every construct the converter rewrites, matching tests/proxy/upstream.py's
``/v1/orders`` routes so the proxy and fuzz tests can run real traffic against it."""

from __future__ import annotations

import os

PETSTORE = "/work/shared/corpus/openapi/oai-examples/v2.0/yaml/petstore.yaml"
CORPUS = os.path.dirname(os.path.dirname(os.path.dirname(PETSTORE)))

ORDERS_V2 = """\
swagger: "2.0"
info: {title: Orders, version: "1"}
host: orders.example.com
basePath: /v1
schemes: [https, http]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  key: {type: apiKey, in: header, name: x-api-key}
  oauth: {type: oauth2, flow: accessCode, authorizationUrl: "https://a.example/auth",
          tokenUrl: "https://a.example/token", scopes: {read: read things}}
  basic: {type: basic}
parameters:
  PageSize:
    name: page_size
    in: query
    type: integer
    minimum: 1
    maximum: 50
  OrderBody:
    name: order
    in: body
    required: true
    schema: {$ref: "#/definitions/NewOrder"}
responses:
  NotFound:
    description: no such order
    schema: {$ref: "#/definitions/Problem"}
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - $ref: "#/parameters/PageSize"
        - {name: status, in: query, type: array, items: {type: string}, collectionFormat: pipes}
        - {name: tag, in: query, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        "200":
          description: a page
          headers:
            X-Total: {type: integer, description: how many}
          schema:
            type: object
            required: [items]
            properties:
              items: {type: array, items: {$ref: "#/definitions/OrderRef"}}
              next_page_token: {type: string, x-nullable: true}
          examples:
            application/json: {items: [], next_page_token: null}
    post:
      operationId: createOrder
      parameters:
        - $ref: "#/parameters/OrderBody"
        - {name: Idempotency-Key, in: header, type: string, maxLength: 64}
      responses:
        "201": {description: created, schema: {type: object}}
        "400": {description: invalid, schema: {$ref: "#/definitions/Problem"}}
  /orders/{order_id}:
    parameters:
      - {name: order_id, in: path, required: true, type: string, pattern: "^[0-9]+$"}
    get:
      operationId: getOrder
      produces: [application/json, application/xml]
      responses:
        "200":
          description: the order
          schema: {$ref: "#/definitions/Order"}
        "404": {$ref: "#/responses/NotFound"}
  /orders/{order_id}/attachments:
    post:
      operationId: attach
      consumes: [multipart/form-data]
      parameters:
        - {name: order_id, in: path, required: true, type: string}
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string, maxLength: 100}
      responses:
        "204": {description: attached}
  /login:
    post:
      operationId: login
      consumes: [application/x-www-form-urlencoded]
      security: [{basic: []}]
      parameters:
        - {name: username, in: formData, type: string, required: true}
        - {name: password, in: formData, type: string, required: true}
        - {name: scopes, in: formData, type: array, items: {type: string}, collectionFormat: csv}
      responses:
        "200": {description: logged in, schema: {type: object}}
definitions:
  NewOrder:
    type: object
    required: [items]
    properties:
      customer: {type: object}
      items:
        type: array
        minItems: 1
        items:
          type: object
          required: [product_id, quantity]
          properties:
            product_id: {type: string}
            quantity: {type: integer, minimum: 1}
  OrderRef:
    type: object
    properties: {order_id: {type: string}}
  Order:
    type: object
    required: [order_id, status]
    properties:
      order_id: {type: string}
      status: {type: string, enum: [PENDING, SHIPPED]}
      created_at: {type: string, format: date-time}
      customer_email: {type: string, x-nullable: true}
  Problem:
    type: object
    properties: {title: {type: string}, status: {type: integer}}
"""
