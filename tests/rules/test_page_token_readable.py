"""Behaviour of page-token-readable."""

from ._lint import HEAD, findings, op


def _token_spec(schema: str) -> str:
    extra = f"      parameters:\n        - {{name: page_token, in: query, schema: {schema}}}\n"
    return HEAD + "paths:\n" + op("/v1/orders", op_id="listOrders", extra=extra)


def test_bytes_encoded_tokens_are_opaque(tmp_path):
    # Temporal's grpc-gateway spec: nextPageToken {type: string, format: bytes}.
    assert findings(tmp_path, _token_spec("{type: string, format: bytes}"), "page-token-readable") == []


def test_integer_token_is_readable(tmp_path):
    assert len(findings(tmp_path, _token_spec("{type: integer}"), "page-token-readable")) == 1
