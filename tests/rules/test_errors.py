"""Error rules (5.1, 5.2, 5.3) on cases taken from real APIs."""

from .helpers import found, spec


def _api(*errors: tuple[str, str, str], components: str = "") -> str:
    """One GET per (path, status, schema YAML) error response."""
    paths = ""
    for index, (path, status, schema) in enumerate(errors):
        paths += f"""
{path}:
  get:
    operationId: op{index}
    responses:
      '200': {{description: OK}}
      '{status}':
        description: Failure
        content:
          application/json:
            schema: {schema}
"""
    return spec(paths, components)


_COMMON = "{$ref: '#/components/schemas/Error'}"
_ERROR = """schemas:
  Error:
    type: object
    properties:
      code: {type: string}
      message: {type: string}
      request_id: {type: string}
"""


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


def test_extended_error_shape_is_consistent(tmp_path):
    # GitHub: validation-error adds `errors` to the message/documentation_url of basic-error.
    basic = "{type: object, properties: {message: {type: string}, documentation_url: {type: string}, " \
            "url: {type: string}, status: {type: string}}}"
    validation = "{type: object, properties: {message: {type: string}, documentation_url: {type: string}, " \
                 "errors: {type: array, items: {type: object}}}}"
    text = _api(("/a", "404", basic), ("/b", "404", basic), ("/c", "422", validation))
    assert found(tmp_path, text, "error-shape-inconsistent") == []


def test_request_id_header_satisfies_request_id(tmp_path):
    text = _api(("/a", "404", "{type: object, properties: {code: {type: string}, message: {type: string}}}"))
    assert len(found(tmp_path, text, "error-request-id-missing")) == 1
    with_header = text.replace("          description: Failure\n",
                               "          description: Failure\n          headers:\n"
                               "            X-Request-Id: {schema: {type: string}}\n")
    assert with_header != text
    assert found(tmp_path, with_header, "error-request-id-missing") == []


def test_resources_embedded_in_errors_are_not_walked(tmp_path):
    # Stripe: error.payment_intent embeds the whole PaymentIntent graph (with a `file` deep inside).
    stripe = """{type: object, properties: {error: {type: object, properties: {code: {type: string},
      payment_intent: {type: object, properties: {charges: {type: object, properties: {host: {type: string}}}}}}}}}"""
    assert found(tmp_path, _api(("/a", "default", stripe)), "error-leaks-internals") == []


def test_callstack_field_is_a_leak(tmp_path):
    # Slack: "callstack: Note: PHP callstack is only visible in dev/qa".
    slack = "{type: object, properties: {ok: {type: boolean}, error: {type: string}, callstack: {type: string}}}"
    assert len(found(tmp_path, _api(("/a", "default", slack)), "error-leaks-internals")) == 1


def test_stack_trace_in_media_example_is_a_leak(tmp_path):
    text = _api(("/a", "500", _COMMON), components=_ERROR)
    line = next(x for x in text.splitlines() if "schema: {$ref" in x)
    indent = line[:len(line) - len(line.lstrip())]
    leaky = text.replace(line + "\n", f"{line}\n{indent}example: {{code: INTERNAL, message: "
                                      "'java.lang.NullPointerException: x', request_id: r1}\n")
    assert found(tmp_path, text, "error-leaks-internals") == []
    assert len(found(tmp_path, leaky, "error-leaks-internals")) == 1


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


def test_instruction_text_in_an_example_is_not_sql(tmp_path):
    # "Select an order from your list" matched the case-insensitive SELECT ... FROM pattern.
    text = _api(("/a", "404", _COMMON), components=_ERROR)
    line = next(x for x in text.splitlines() if "schema: {$ref" in x)
    indent = line[:len(line) - len(line.lstrip())]

    def with_message(message: str) -> str:
        return text.replace(line + "\n", f"{line}\n{indent}example: {{code: order_not_found, "
                                         f"message: '{message}', request_id: r1}}\n")

    assert found(tmp_path, with_message("Select an order from your list"), "error-leaks-internals") == []
    assert found(tmp_path, with_message("Please delete from the cart what you do not need"),
                 "error-leaks-internals") == []
    for query in ("SELECT id FROM orders", "select * from orders where id = 7"):
        assert len(found(tmp_path, with_message(query), "error-leaks-internals")) == 1, query


def test_shared_error_response_example_is_reported_once(tmp_path):
    # A components/responses/Internal example used by every operation is one example to fix.
    ref = "responses:\n      '200': {description: OK}\n      '500': {$ref: '#/components/responses/Internal'}"
    text = spec(f"/a:\n  get:\n    {ref}\n/b:\n  get:\n    {ref}\n", """
responses:
  Internal:
    description: Failed
    content:
      application/json:
        schema: {type: object, properties: {code: {type: string}, message: {type: string}}}
        example: {code: internal, message: 'Traceback (most recent call last): File "app.py", line 3'}
""")
    assert len(found(tmp_path, text, "error-leaks-internals")) == 1
