"""Behaviour of long-running-no-job."""

from ._lifecycle import _op
from .helpers import found, spec

_NO_BODY_202 = "      '202': {description: Accepted}"


def test_post_202_without_handle_is_flagged(tmp_path):
    assert len(found(tmp_path, spec(_op("/reports", "post", _NO_BODY_202)), "long-running-no-job")) == 1


def test_get_202_is_polled_at_its_own_url(tmp_path):
    # GitHub: GET /repos/{owner}/{repo}/stats/contributors answers 202 while the statistics are computed.
    assert found(tmp_path, spec(_op("/stats", "get", _NO_BODY_202)), "long-running-no-job") == []


def test_delete_202_of_a_resource_is_its_own_handle(tmp_path):
    # Kubernetes and GitHub codespaces: DELETE .../{name} answers 202 while the deletion runs.
    text = spec(_op("/things/{name}", "delete", _NO_BODY_202,
                    "\n    parameters: [{name: name, in: path, required: true, schema: {type: string}}]"))
    assert found(tmp_path, text, "long-running-no-job") == []


def test_put_202_of_a_resource_is_its_own_handle(tmp_path):
    # Azure Service Fabric Mesh: PUT .../applications/{name} answers 202 while the resource provisions.
    text = spec(_op("/applications/{name}", "put", _NO_BODY_202,
                    "\n    parameters: [{name: name, in: path, required: true, schema: {type: string}}]"))
    assert found(tmp_path, text, "long-running-no-job") == []


def test_azure_long_running_extension_documents_the_protocol(tmp_path):
    # Azure: x-ms-long-running-operation: true promises Azure-AsyncOperation / Location headers.
    text = spec(_op("/servers/{name}/restart", "post", _NO_BODY_202, "\n    x-ms-long-running-operation: true"
                    "\n    parameters: [{name: name, in: path, required: true, schema: {type: string}}]"))
    assert found(tmp_path, text, "long-running-no-job") == []


def test_wrapped_action_with_id_is_a_handle(tmp_path):
    # DigitalOcean: POST /v2/volumes/actions answers 202 with {"action": {"id": ..., "status": ...}}.
    body = ("      '202':\n        description: Accepted\n        content:\n          application/json:\n"
            "            schema: {type: object, properties: {action: {allOf: [{type: object, properties: "
            "{id: {type: integer}}}]}}}")
    assert found(tmp_path, spec(_op("/volumes/actions", "post", body)), "long-running-no-job") == []


def test_retry_after_says_when_to_poll(tmp_path):
    # Box: POST /files/upload_sessions/{id}/commit answers 202 with Retry-After.
    body = ("      '202':\n        description: Not ready\n        headers:\n"
            "          Retry-After: {schema: {type: integer}}")
    assert found(tmp_path, spec(_op("/commit", "post", body)), "long-running-no-job") == []
