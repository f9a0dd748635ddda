"""Behaviour of error-code-missing."""

from ._errors import _api
from .helpers import found


def test_identifier_valued_id_or_error_is_a_code(tmp_path):
    # DigitalOcean: {"id": "not_found", "message": ..., "request_id": ...}; `id` is "a short identifier
    # corresponding to the HTTP status code".
    do = "{type: object, properties: {id: {type: string, example: not_found}, message: {type: string}}}"
    assert found(tmp_path, _api(("/v2/droplets", "404", do)), "error-code-missing") == []
    uuid = "{type: object, properties: {id: {type: string, example: 4d9d8375-3c56}, message: {type: string}}}"
    assert len(found(tmp_path, _api(("/v2/droplets", "404", uuid)), "error-code-missing")) == 1


def test_prose_in_a_response_example_makes_error_a_message(tmp_path):
    # DigitalOcean's error_with_root_causes: schema example `not_found`, but POST /v2/tags shows
    # error: 'Error validating resource tag: ...'.
    tags = "{type: object, properties: {error: {type: string, example: not_found}, root_causes: {type: array}}}"
    text = _api(("/v2/tags", "400", tags))
    assert found(tmp_path, text, "error-code-missing") == []
    line = next(x for x in text.splitlines() if "schema: {type: object" in x)
    indent = line[:len(line) - len(line.lstrip())]
    prose = text.replace(line + "\n", f"{line}\n{indent}example: {{error: 'Error validating resource tag', "
                                      "root_causes: []}\n")
    assert prose != text and len(found(tmp_path, prose, "error-code-missing")) == 1


def test_code_shown_only_in_swagger2_response_examples(tmp_path):
    # Slack: the default response's schema is {ok: false}; every example shows {"error": "invalid_auth"}.
    def slack(example: str) -> str:
        return ("swagger: '2.0'\ninfo: {title: Slack, version: 1.0.0}\npaths:\n  /admin.apps.approve:\n    post:\n"
                "      responses:\n        '200': {description: OK}\n        default:\n"
                "          description: Typical error response\n"
                f"          examples: {{application/json: {example}}}\n"
                "          schema: {type: object, properties: {ok: {type: boolean}}}\n")
    assert found(tmp_path, slack("{ok: false, error: invalid_auth}"), "error-code-missing") == []
    assert len(found(tmp_path, slack("{ok: false, error: No query passed}"), "error-code-missing")) == 1
    assert len(found(tmp_path, slack("{ok: false}"), "error-code-missing")) == 1
