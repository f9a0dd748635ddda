"""Long-running operations (3.6), idempotent creates (4.2) and concurrency control (4.5) on real-API cases."""

from .helpers import found, spec


def _op(path: str, method: str, responses: str, extra: str = "") -> str:
    return f"""
{path}:
  {method}:
    operationId: {method}{len(path)}{extra}
    responses:
{responses}
"""


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


_JOB = """schemas:
  job:
    type: object
    properties:
      id: {type: integer}
      status: {type: string, enum: [queued, in_progress, completed]}
"""
_JOB_BODY = ("      '200':\n        description: The job\n        content:\n          application/json:\n"
             "            schema: {$ref: '#/components/schemas/job'}")


def test_job_cancelled_with_its_parent_run(tmp_path):
    # GitHub: a workflow job is cancelled through POST /repos/{o}/{r}/actions/runs/{run_id}/cancel.
    get = _op("/repos/{owner}/{repo}/actions/jobs/{job_id}", "get", _JOB_BODY)
    cancel = _op("/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", "post", "      '202': {description: OK}")
    assert len(found(tmp_path, spec(get, _JOB), "job-operations-missing")) == 1
    assert found(tmp_path, spec(get + cancel, _JOB), "job-operations-missing") == []


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
