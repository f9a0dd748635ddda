"""Behaviour of idempotency-key-missing."""

from .helpers import found, spec

_CREATE = """
/v1/{collection}:
  post:
    operationId: create{collection}{params}
    requestBody:
      content:
        application/json:
          schema: {body}
    responses:
      '201': {{description: Created}}
"""


def test_client_named_creates_are_idempotent(tmp_path):
    # Kubernetes: POST .../pods with metadata.name; AIP-133: POST /v1/books?book_id=.
    k8s = _CREATE.format(collection="pods", params="", body="{type: object, properties: {metadata: {type: object, "
                                                           "properties: {name: {type: string}}}}}")
    aip = _CREATE.format(collection="books", params="\n    parameters: [{name: book_id, in: query, schema: "
                                                    "{type: string}}]", body="{type: object}")
    plain = _CREATE.format(collection="orders", params="", body="{type: object}")
    assert found(tmp_path, spec(k8s), "idempotency-key-missing") == []
    assert found(tmp_path, spec(aip), "idempotency-key-missing") == []
    assert len(found(tmp_path, spec(plain), "idempotency-key-missing")) == 1
