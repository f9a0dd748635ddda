"""Cases that hold for several rules of the error-body family at once."""

from ._errors import _COMMON, _ERROR, _api
from .helpers import found


def test_oauth_error_is_a_standard_shape(tmp_path):
    # Box: /oauth2/token fails with RFC 6749's {error, error_description}.
    oauth = "{type: object, properties: {error: {type: string}, error_description: {type: string}}}"
    text = _api(("/a", "404", _COMMON), ("/b", "404", _COMMON), ("/oauth2/token", "400", oauth), components=_ERROR)
    for rule_id in ("error-message-only", "error-code-missing", "error-shape-inconsistent"):
        assert found(tmp_path, text, rule_id) == [], rule_id


def test_html_error_page_is_not_an_error_shape(tmp_path):
    # Box: GET /authorize documents a text/html default response.
    text = _api(("/a", "404", _COMMON), ("/b", "404", _COMMON), components=_ERROR).replace(
        "paths:\n", "paths:\n  /authorize:\n    get:\n      operationId: authorize\n      responses:\n"
        "        default:\n          description: HTML error page\n          content:\n"
        "            text/html: {schema: {type: string}}\n", 1)
    assert "/authorize" in text
    assert found(tmp_path, text, "error-shape-inconsistent") == []
    assert found(tmp_path, text, "error-message-only") == []


def test_string_enum_is_a_machine_readable_code(tmp_path):
    # Slack: {ok: false, error: "invalid_auth"} with `error` an enum of codes.
    slack = "{type: object, properties: {ok: {type: boolean}, error: {type: string, enum: [invalid_auth]}}}"
    text = _api(("/team.info", "default", slack))
    assert found(tmp_path, text, "error-code-missing") == []
    assert found(tmp_path, text, "error-message-only") == []


def test_inline_copies_of_one_error_body_are_reported_once(tmp_path):
    # GitHub's /agents/... operations repeat one inline {message, documentation_url} body on every 4xx
    # (41 request-id findings); Slack repeats {ok, error, callstack} on 87 methods.
    inline = "{type: object, properties: {message: {type: string}, documentation_url: {type: string}}}"
    text = _api(*((f"/agents/tasks{i}", status, inline) for i, status in enumerate(("400", "401", "403", "404"))))
    for rule_id in ("error-code-missing", "error-request-id-missing"):
        messages = found(tmp_path, text, rule_id)
        assert len(messages) == 1 and "(4 error responses have this shape)" in messages[0], rule_id
    slack = "{type: object, properties: {ok: {type: boolean}, error: {type: string}, callstack: {type: string}}}"
    leaks = found(tmp_path, _api(("/a", "default", slack), ("/b", "default", slack)), "error-leaks-internals")
    assert len(leaks) == 1 and "(2 error responses have this shape)" in leaks[0]


def test_different_error_bodies_are_still_reported_each(tmp_path):
    first = "{type: object, properties: {message: {type: string}}}"
    second = "{type: object, properties: {detail: {type: string}, title: {type: string}}}"
    text = _api(("/a", "400", first), ("/b", "400", first), ("/c", "400", second))
    assert len(found(tmp_path, text, "error-code-missing")) == 2
    assert len(found(tmp_path, text, "error-request-id-missing")) == 2
    renamed = "{type: object, properties: {details: {type: string}}}"
    text = _api(("/a", "404", _COMMON), ("/b", "404", _COMMON), ("/c", "409", renamed), ("/d", "422", renamed),
                components=_ERROR)
    shapes = found(tmp_path, text, "error-shape-inconsistent")
    assert len(shapes) == 1 and "(2 error responses have this shape)" in shapes[0]
