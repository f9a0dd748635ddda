"""Behaviour of error-leaks-internals."""

from ._errors import _COMMON, _ERROR, _api
from .helpers import found, spec


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
