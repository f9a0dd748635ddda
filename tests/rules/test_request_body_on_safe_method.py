"""Behaviour of request-body-on-safe-method."""

from ._lint import HEAD, findings, op


def test_empty_closed_body_on_get_is_no_body(tmp_path):
    # Stripe declares {type: object, properties: {}, additionalProperties: false} bodies on every GET.
    body = ("      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n"
            "            schema: {type: object, properties: {}, additionalProperties: false}\n")
    spec = HEAD + "paths:\n" + op("/v1/account", op_id="getAccount", extra=body)
    assert findings(tmp_path, spec, "request-body-on-safe-method") == []
    spec = spec.replace("properties: {}", "properties: {expand: {type: string}}")
    assert len(findings(tmp_path, spec, "request-body-on-safe-method")) == 1
