"""Behaviour of action-field-dispatch."""

from apilint.engine.config import Config

from ..conftest import lint_text
from ._lint import HEAD, findings

_BODY = """paths:
  /v1/payment_methods:
    post:
      operationId: createPaymentMethod
      requestBody:
        content:
          application/json:
            schema:
              type: object
              %s
              properties:
                type: {type: string, enum: [card, sepa_debit]}
                card: {type: object}
                sepa_debit: {type: object}
      responses: {'201': {description: Created}}
"""


def test_type_selected_fields_flagged_without_discriminator(tmp_path):
    found = findings(tmp_path, HEAD + _BODY % "", "action-field-dispatch")
    assert len(found) == 1 and "card, sepa_debit" in found[0].message
    assert "decides which other fields apply" in found[0].message and "discriminator" in found[0].hint


def test_explicit_discriminator_not_flagged(tmp_path):
    spec = HEAD + _BODY % "discriminator: {propertyName: type}"
    assert findings(tmp_path, spec, "action-field-dispatch") == []


def test_proto_execute_rpc_with_generic_name_flagged_like_openapi(tmp_path):
    # 1.4: ProcessOrder(order_id, action, ...) where action selects cancel/ship/refund, fields undocumented.
    text = ('syntax = "proto3";\npackage shop.v1;\nservice OrderService {\n'
            "  rpc ProcessOrder(ProcessOrderRequest) returns (ProcessOrderResponse);\n"
            "  rpc StartOperation(StartOperationRequest) returns (ProcessOrderResponse);\n}\n"
            "message ProcessOrderRequest {\n  string order_id = 1;\n  string action = 2;  // cancel, ship or refund\n"
            "  string reason = 3;\n  string tracking_number = 4;\n  double amount = 5;\n}\n"
            "message StartOperationRequest { string operation = 1; string input = 2; string endpoint = 3; }\n"
            "message ProcessOrderResponse { string order_id = 1; }\n")
    result = lint_text(tmp_path, text, name="api.proto", config=Config(preset="strict"),
                       only_rules=("action-field-dispatch",))
    assert result.error is None, result.error
    assert [f.message for f in result.findings] == [
        "ProcessOrderRequest.action selects what the RPC does (the generic RPC name 'ProcessOrder', other fields "
        "reason, tracking_number, amount)"]
