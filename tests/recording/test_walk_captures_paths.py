"""The request walker, the capture syntax and the path-template matcher of apilint/recording."""

from __future__ import annotations

import pytest

from apilint.recording.captures import VAR, capture_expression, capture_location, variable
from apilint.recording.paths import compile_template
from apilint.recording.walk import request_strings


def test_request_strings_in_order_without_credentials():
    headers = [("authorization", "Bearer t"), ("cookie", "s=1"), ("proxy-authorization", "p"),
               ("x-api-key", "k"), ("if-match", "etag-1"), ("x-order-id", "o-1")]
    body = {"b": "one", "list": ["two", {"c": "three"}], "n": 4, "none": None}
    found = list(request_strings("/v1/orders/42", [("q", "a"), ("r", ["b", "c"])], headers, body))
    assert found == ["v1", "orders", "42", "a", "b", "c", "etag-1", "o-1", "one", "two", "three"]


def test_contract_style_mappings_walk_alike():
    as_pairs = list(request_strings("/x", [("q", "1")], [("idempotency-key", "k1")], None))
    as_dicts = list(request_strings("/x", {"q": "1"}.items(), {"idempotency-key": "k1"}.items(), None))
    assert as_pairs == as_dicts == ["x", "1", "k1"]


@pytest.mark.parametrize("at", [("body", "order", "id"), ("body", "items", 0, "id"), ("body",),
                                ("headers", "x-request-id")])
def test_capture_expressions_read_back(at):
    assert capture_location(capture_expression(at)) == at


def test_capture_syntax():
    assert capture_expression(("body", "items", 0, "id")) == "response.body.items.0.id"
    assert capture_location("response.headers.X-Request-Id") == ("headers", "x-request-id")
    with pytest.raises(ValueError):
        capture_location("request.body.id")
    assert VAR.fullmatch(variable("order_id")).group(1) == "order_id"
    assert VAR.findall(f"/v1/orders/{variable('a.b-c_1')}/items/{variable('x')}") == ["a.b-c_1", "x"]


def test_path_templates():
    t = compile_template("/v1/orders/{order_id}/files/{name}.json")
    assert t.names == ("order_id", "name")
    assert t.match("/v1/orders/42/files/report.json") == {"order_id": "42", "name": "report"}
    assert t.match("/v1/orders/42/files/report.json/") is None
    assert t.match("/v1/orders//files/report.json") is None  # a parameter is never empty
    assert t.match("/v1/orders/4/2/files/r.json") is None  # nor more than one segment
    assert compile_template("/v1/orders/{id}", trailing_slash=True).match("/v1/orders/7/") == {"id": "7"}
    assert compile_template("/a.b/{x}").match("/aXb/1") is None  # literals are literal
    assert compile_template("/v1/orders").literal_length > compile_template("/v1/{x}").literal_length
