from __future__ import annotations

import pytest
from exchanges import captured

from apilint.errors import InputError
from apilint.proxy.validation import SpecValidator, problem

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://api.example.com/v1"}],
    "paths": {
        "/orders/{order_id}": {
            "get": {
                "parameters": [{"name": "order_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["status"],
                                    "properties": {"status": {"enum": ["A", "B"]}},
                                }
                            }
                        },
                    }
                },
            }
        },
        "/orders/special": {"get": {"responses": {"200": {"description": "ok"}}}},
    },
}


@pytest.fixture(scope="module")
def v() -> SpecValidator:
    return SpecValidator(SPEC)


def test_operations_use_server_path_and_literal_paths_win(v):
    assert v.operation("GET", "/v1/orders/5") == "GET /v1/orders/{order_id}"
    assert v.operation("GET", "/v1/orders/special") == "GET /v1/orders/special"
    assert v.operation("GET", "/orders/5") is None
    assert v.operation("POST", "/v1/orders/5") is None


def test_path_variables_are_fresh_for_every_request(v):
    for _ in range(2):  # the second round is served from the finder's cache
        assert v.request("GET", "/v1/orders/5", [], [], None, None) == []
        bad = v.request("GET", "/v1/orders/abc", [], [], None, None)
        assert [(x["kind"], x["field"]) for x in bad] == [("parameter", "path.order_id")]
        assert v.request("GET", "/v1/orders/special", [], [], None, None) == []


def testanswer_violations_name_the_field_not_the_value(v):
    args = ("GET", "/v1/orders/5", [], [], None, None, 200, [("content-type", "application/json")])
    assert v.exchange(captured(*args, b'{"status": "A"}', "application/json")) == ("GET /v1/orders/{order_id}", [])
    _, (bad,) = v.exchange(captured(*args, b'{"status": "secret@example.com"}', "application/json"))
    assert bad == {"side": "response", "kind": "schema", "field": "body.status", "message": 'enum ["A", "B"]'}
    _, (undocumented,) = v.exchange(captured(*args[:6], 503, [], None, None))
    assert undocumented["kind"] == "undocumented_status"
    assert b"secret" not in problem([bad], "GET /v1/orders/{order_id}")


def test_swagger_2_and_broken_specs_are_input_errors():
    with pytest.raises(InputError):
        SpecValidator({"swagger": "2.0", "info": {}, "paths": {}})
    with pytest.raises(InputError):
        SpecValidator({"openapi": "3.0.3", "paths": {"/x": {"get": {"responses": "nope"}}}})


def test_multi_file_specs_are_bundled(tmp_path):
    from apilint.proxy.spec import load_spec

    (tmp_path / "schemas.yaml").write_text(
        "Order:\n  type: object\n  required: [quantity]\n  properties:\n    quantity: {type: integer, minimum: 1}\n"
    )
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    post:\n"
        "      requestBody:\n        content:\n          application/json:\n"
        "            schema: {$ref: 'schemas.yaml#/Order'}\n"
        "      responses: {'201': {description: ok}}\n"
    )
    v = SpecValidator(load_spec(str(tmp_path / "api.yaml")))
    ok = v.request(
        "POST", "/orders", [], [("content-type", "application/json")], b'{"quantity": 1}', "application/json"
    )
    bad = v.request(
        "POST", "/orders", [], [("content-type", "application/json")], b'{"quantity": 0}', "application/json"
    )
    assert ok == [] and [x["field"] for x in bad] == ["body.quantity"]
