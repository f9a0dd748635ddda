"""The one way to write a rule's bad/good example: a complete small spec built from only the part that
matters, so every example shows the same runnable header and the rule modules do not repeat it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

# block style, without braces, so that a spec() with `{placeholders}` can be a str.format template
OPENAPI_HEAD = "openapi: 3.0.3\ninfo:\n  title: Shop\n  version: 1.0.0\nservers:\n  - url: https://api.example.com\n"
PROTO_HEAD = 'syntax = "proto3";\npackage shop.v1;\n'


def _block(key: str, text: str) -> str:
    return f"{key}:\n" + textwrap.indent(textwrap.dedent(text).strip("\n"), "  ") + "\n"


def spec(paths: str, components: str = "", *, head: str = OPENAPI_HEAD) -> str:
    """A complete small OpenAPI document from the YAML text of its `paths` (and `components`)."""
    return head + _block("paths", paths) + (_block("components", components) if components else "")


def proto(body: str, imports: Iterable[str] = ()) -> str:
    """A complete small .proto file (package shop.v1) from its declarations and the files it imports."""
    return PROTO_HEAD + "".join(f'import "{name}";\n' for name in imports) + textwrap.dedent(body).lstrip("\n")


# Fragments many examples start from, written as str.format templates (braces doubled) like the specs
# built from them: `spec(GET_ORDER, ORDER + "      {field}\n").format(field=...)`.
GET_ORDER = """
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
"""
ORDER = """
schemas:
  Order:
    type: object
    properties:
      order_id: {{type: string}}
"""
# proto: a documented Order message with a name and one more field
ORDER_MESSAGE = "// An order.\nmessage Order {{\n  string name = 1;\n  {field}\n}}\n"


def unary_rpc(name: str, *, returns: str = "Order", request: str = "string name = 1;",
              resource: str = "string name = 1;", service: str = "OrderService") -> str:
    """A .proto file whose service has one RPC `name`, taking `<name>Request { request }` and returning
    `returns { resource }`."""
    return proto(f"service {service} {{\n  rpc {name}({name}Request) returns ({returns});\n}}\n"
                 f"message {name}Request {{ {request} }}\nmessage {returns} {{ {resource} }}\n")


# GET /v1/orders answering a page of orders, to fill before spec(): {params} with parameter lines
# ("\n      - {name: ...}") and {page} with more response properties ("\n                next_page_token: ...").
LIST_ORDERS = """
/v1/orders:
  get:
    operationId: listOrders
    parameters:{params}
    responses:
      '200':
        description: A page of orders
        content:
          application/json:
            schema:
              type: object
              properties:
                orders: {{type: array, items: {{type: object}}}}{page}
"""
NEXT_PAGE_TOKEN = "\n                next_page_token: {type: string}"
