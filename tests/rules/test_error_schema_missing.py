"""error-schema-missing (5.1) on cases taken from real APIs."""

from .helpers import found, spec


def test_shared_bodiless_response_is_reported_once(tmp_path):
    # GitHub: components/responses/package_es_list_error is used by three package list operations.
    ref = "responses:\n      '200': {description: OK}\n      '400': {$ref: '#/components/responses/TooDeep'}"
    text = spec(f"/orgs/{{org}}/packages:\n  get:\n    {ref}\n/user/packages:\n  get:\n    {ref}\n",
                "responses:\n  TooDeep: {description: per_page times page cannot be greater than 10000}\n")
    assert len(found(tmp_path, text, "error-schema-missing")) == 1


def test_head_responses_have_no_body(tmp_path):
    # Kubernetes documents `401: Unauthorized` on HEAD operations too.
    text = spec("/api/v1/namespaces:\n  head:\n    responses:\n      '200': {description: OK}\n"
                "      '401': {description: Unauthorized}\n")
    assert found(tmp_path, text, "error-schema-missing") == []
    assert len(found(tmp_path, text.replace("head:", "get:"), "error-schema-missing")) == 1


def test_404_of_a_yes_no_check_is_an_answer(tmp_path):
    # GitHub: GET /repos/{owner}/{repo}/collaborators/{username}: 204 if a collaborator, 404 if not.
    text = spec("/repos/{owner}/{repo}/collaborators/{username}:\n  get:\n    responses:\n"
                "      '204': {description: Response if user is a collaborator}\n"
                "      '404': {description: Not Found if user is not a collaborator}\n")
    assert found(tmp_path, text, "error-schema-missing") == []
    # a GET returning the resource (200) whose 404 has no body is still opaque
    assert len(found(tmp_path, text.replace("'204'", "'200'"), "error-schema-missing")) == 1


def test_inline_copies_of_one_response_are_reported_once(tmp_path):
    # Kubernetes: `'401': {description: Unauthorized}` on each of 1,100 operations.
    paths = "".join(f"/api/v1/{kind}:\n  get:\n    responses:\n      '200': {{description: OK}}\n"
                    "      '401': {description: Unauthorized}\n" for kind in ("pods", "nodes", "services"))
    messages = found(tmp_path, spec(paths), "error-schema-missing")
    assert messages == ["GET /api/v1/pods: the 401 response has no body schema "
                        "(3 responses are documented the same way)"]
    other = spec(paths.replace("Unauthorized}", "Unauthorized}\n      '409': {description: Conflict}", 1))
    assert len(found(tmp_path, other, "error-schema-missing")) == 2
