"""Behaviour of update-without-concurrency-control."""

from .helpers import found, spec

_UPDATE = """
/v1/things/{{id}}:
  {method}:
    operationId: updateThing
    parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
    requestBody:
      content:
        {media}:
          schema: {body}
    responses:
      '200': {{description: Updated}}
"""


def test_json_patch_carries_its_own_precondition(tmp_path):
    # Kubernetes: every PATCH accepts application/json-patch+json, whose `test` op is a precondition.
    text = spec(_UPDATE.format(method="patch", media="application/json-patch+json", body="{type: object}"))
    assert found(tmp_path, text, "update-without-concurrency-control") == []


def test_nested_resource_version_is_a_precondition(tmp_path):
    # Kubernetes PUT: the body's metadata.resourceVersion is checked by the server.
    body = "{type: object, properties: {metadata: {type: object, properties: {resourceVersion: {type: string}}}}}"
    text = spec(_UPDATE.format(method="put", media="application/json", body=body))
    assert found(tmp_path, text, "update-without-concurrency-control") == []


def test_plain_update_is_flagged(tmp_path):
    text = spec(_UPDATE.format(method="patch", media="application/json", body="{type: object}"))
    assert len(found(tmp_path, text, "update-without-concurrency-control")) == 1
