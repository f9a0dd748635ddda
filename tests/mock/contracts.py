"""Hand-written contracts for the mock tests (docs/contracts.md format)."""

from pathlib import Path

ORDERS = """\
contract:
  operation: POST /v1/orders
interactions:
  - name: create_order
    request:
      method: POST
      path: /v1/orders
      headers:
        content-type: application/json
        authorization: "{{redacted}}"
      body:
        customer_id: c-1
        items:
          - product_id: p-1
            quantity: 2
    response:
      status: 201
      headers:
        content-type: application/json
      body:
        order_id: "{{uuid}}"
        customer_id: c-1
        status: PENDING
        created_at: "{{iso_timestamp}}"
    captures:
      order_id: response.body.order_id
  - name: create_order_invalid
    request:
      method: POST
      path: /v1/orders
      headers:
        content-type: application/json
      body:
        customer_id: ""
        items: []
    response:
      status: 400
      headers:
        content-type: application/json
      body:
        error:
          code: INVALID_ARGUMENT
          details:
            - field: body.customer_id
              reason: String should have at least 1 character
"""

GET_ORDER = """\
contract:
  operation: GET /v1/orders/{order_id}
interactions:
  - name: get_created_order
    request:
      method: GET
      path: /v1/orders/{{var:order_id}}
    response:
      status: 200
      headers:
        content-type: application/json
      body:
        order_id: "{{var:order_id}}"
        status: PENDING
  - name: get_order_not_found
    request:
      method: GET
      path: /v1/orders/no-such-order
    response:
      status: 404
      headers:
        content-type: application/json
      body:
        error: {code: NOT_FOUND}
"""

PRODUCTS = """\
contract:
  operation: GET /v1/products/{product_id}
interactions:
  - name: get_product
    request:
      method: GET
      path: /v1/products/p-1
      query:
        view: full
    response:
      status: 200
      headers:
        content-type: application/json
      body:
        product_id: p-1
        name: Tea
        price: 3
  - name: list_products
    request:
      method: GET
      path: /v1/products
    response:
      status: 200
      headers:
        content-type: application/json
      body:
        products: []
"""

PATCH_ORDER = """\
interactions:
  - name: pay_order
    request:
      method: PATCH
      path: /v1/orders/{{var:order_id}}
      body:
        status: PAID
    response:
      status: 200
      headers:
        content-type: application/json
      body:
        order_id: "{{var:order_id}}"
        status: PAID
"""

FILES = {"POST_v1_orders.yaml": ORDERS, "GET_v1_orders_order_id.yaml": GET_ORDER,
         "GET_v1_products.yaml": PRODUCTS, "PATCH_v1_orders_order_id.yaml": PATCH_ORDER}


def write_contracts(tmp_path: Path, *names: str) -> Path:
    """A ``contracts`` folder under ``tmp_path`` holding the named files (all of FILES when none)."""
    folder = tmp_path / "contracts"
    folder.mkdir()
    for name in names or FILES:
        (folder / name).write_text(FILES[name])
    return folder
