"""Behaviour of action-field-dispatch."""

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
