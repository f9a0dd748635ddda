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
