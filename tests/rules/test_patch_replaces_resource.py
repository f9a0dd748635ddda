"""Behaviour of patch-replaces-resource."""

from ._lint import HEAD, findings

_PATCH = HEAD + """paths:
  /v1/orders/{order_id}:
    put:
      operationId: replaceOrder
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses: {'200': {description: OK}}
    patch:
      operationId: updateOrder
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/%s'}}}}
      responses: {'200': {description: OK}}
  /v1/orders/values:
    get:
      operationId: listValues
      responses: {'200': {description: OK, content: {application/json: {schema: {type: array, items: {}}}}}}
    patch:
      operationId: setValues
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Bulk'}}}}
      responses: {'204': {description: Done}}
components:
  schemas:
    Order: {type: object, required: [customer_id], properties: {customer_id: {type: string}, note: {type: string}}}
    OrderPatch: {type: object, properties: {note: {type: string}}}
    Bulk: {type: object, required: [names, values], properties: {names: {type: array}, values: {type: array}}}
"""


def test_patch_reusing_put_schema_flagged(tmp_path):
    found = findings(tmp_path, _PATCH % "Order", "patch-replaces-resource")
    assert len(found) == 1 and "PUT /v1/orders/{order_id}" in found[0].message


def test_bulk_patch_with_required_fields_not_flagged(tmp_path):
    # GitHub PATCH /orgs/{org}/properties/values requires all its (bulk) fields: it is not a resource.
    assert findings(tmp_path, _PATCH % "OrderPatch", "patch-replaces-resource") == []
