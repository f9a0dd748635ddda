"""apilint's fast paths through openapi-core (memoised spec locations, the template path finder and
its last-answer memo, the copied ``_get_parameters``, cached schema validators) report exactly what
plain openapi-core reports, exchange after exchange, for valid and invalid traffic."""

from __future__ import annotations

import itertools
import json

import pytest
from exchanges import captured

from apilint.proxy.validation import HOST, SpecValidator, _Request, _Response, _violations, prepare_spec

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://api.example.com/v1"}],
    "security": [{"key": []}, {"bearer": []}],
    "components": {
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "bearer": {"type": "http", "scheme": "bearer"},
            "qkey": {"type": "apiKey", "in": "query", "name": "api_key"},
        },
        "parameters": {
            "Trace": {"name": "X-Trace", "in": "header", "schema": {"type": "string", "maxLength": 8}},
        },
        "schemas": {
            "Money": {
                "type": "object",
                "required": ["amount", "currency"],
                "properties": {
                    "amount": {"type": "integer", "format": "int32", "minimum": 0},
                    "currency": {"type": "string", "enum": ["EUR", "USD"]},
                },
            },
            "Order": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "status": {"type": "string", "enum": ["NEW", "PAID"]},
                    "note": {"type": "string", "nullable": True},
                    "secret": {"type": "string", "writeOnly": True},
                    "total": {"$ref": "#/components/schemas/Money"},
                    "created": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
                    "payment": {
                        "oneOf": [
                            {"type": "object", "required": ["card"], "properties": {"card": {"type": "string"}}},
                            {"type": "object", "required": ["iban"], "properties": {"iban": {"type": "string"}}},
                        ]
                    },
                    "extra": {"allOf": [{"type": "object"}, {"properties": {"n": {"type": "number"}}}]},
                },
            },
        },
    },
    "paths": {
        "/orders": {
            "parameters": [{"$ref": "#/components/parameters/Trace"}],
            "get": {
                "security": [{"qkey": []}, {}],
                "parameters": [
                    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                    {"name": "status", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "page",
                        "headers": {"X-Total": {"schema": {"type": "integer"}, "required": True}},
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}
                            }
                        },
                    },
                    "4XX": {"description": "client error"},
                },
            },
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Order"}},
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["status"],
                                "properties": {"status": {"type": "string"}, "qty": {"type": "integer"}},
                            }
                        },
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}},
                    },
                    "default": {"description": "error"},
                },
            },
        },
        "/orders/{order_id}": {
            "parameters": [{"name": "order_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "get": {
                "parameters": [
                    {"name": "X-Request-Id", "in": "header", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "one",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}},
                    }
                },
            },
            "delete": {"security": [], "responses": {"204": {"description": "gone"}}},
        },
        "/orders/special": {"get": {"security": [], "responses": {"200": {"description": "ok"}}}},
    },
}

ORDER = {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "status": "NEW", "total": {"amount": 5, "currency": "EUR"}}
AUTH = [("x-api-key", "k")]
JSON = "application/json"

REQUESTS = [  # method, path, query, headers, body, content type
    ("GET", "/v1/orders", [("page_size", "10"), ("status", "NEW")], [], None, None),
    ("GET", "/v1/orders", [("page_size", "0"), ("api_key", "q")], AUTH, None, None),
    ("GET", "/v1/orders", [("page_size", "x")], [("cookie", "session=s; other=1")], None, None),
    ("GET", "/v1/orders", [], [("x-trace", "much-too-long")], None, None),
    ("POST", "/v1/orders", [], [*AUTH, ("content-type", JSON)], json.dumps({"status": "NEW"}).encode(), JSON),
    ("POST", "/v1/orders", [], [*AUTH, ("content-type", JSON)], json.dumps(ORDER).encode(), JSON),
    ("POST", "/v1/orders", [], [("authorization", "Bearer t")], json.dumps({"status": "LOST", "tags": [1]}), JSON),
    ("POST", "/v1/orders", [], AUTH, json.dumps({"status": "NEW", "payment": {"x": 1}}).encode(), JSON),
    ("POST", "/v1/orders", [], AUTH, json.dumps({"status": "NEW", "note": None, "extra": {"n": "x"}}).encode(), JSON),
    ("POST", "/v1/orders", [], AUTH, json.dumps({"status": "NEW", "total": {"amount": 2**40}}).encode(), JSON),
    ("POST", "/v1/orders", [], AUTH, b"status=NEW&qty=2", "application/x-www-form-urlencoded"),
    ("POST", "/v1/orders", [], AUTH, b"qty=two", "application/x-www-form-urlencoded"),
    ("POST", "/v1/orders", [], AUTH, b"{not json", JSON),
    ("POST", "/v1/orders", [], AUTH, b"<x/>", "application/xml"),
    ("POST", "/v1/orders", [], AUTH, None, None),
    ("POST", "/v1/orders", [], [], json.dumps({"status": "NEW"}).encode(), JSON),
    ("GET", "/v1/orders/42", [], [*AUTH, ("x-request-id", "r")], None, None),
    ("GET", "/v1/orders/abc", [], AUTH, None, None),
    ("DELETE", "/v1/orders/7", [], [], None, None),
    ("GET", "/v1/orders/special", [], [], None, None),
    ("PUT", "/v1/orders/7", [], AUTH, None, None),
    ("GET", "/healthz", [], [], None, None),
    ("GET", "/v1/orders/special", [], [], None, None),
    ("GET", "/v1/orders/special#frag", [], [], None, None),  # after the template answer is cached
    ("GET", "/v1/orders/7;v=1", [], AUTH, None, None),
    ("GET", "/orders", [], AUTH, None, None),
]

RESPONSES = [  # status, headers, body, content type
    (200, [("content-type", JSON), ("x-total", "3")], json.dumps([ORDER]).encode(), JSON),
    (200, [("content-type", JSON), ("x-total", "many")], json.dumps([{**ORDER, "id": "nope"}]).encode(), JSON),
    (200, [("content-type", JSON)], json.dumps(ORDER).encode(), JSON),
    (200, [("content-type", JSON)], json.dumps({**ORDER, "secret": "s", "created": "yesterday"}).encode(), JSON),
    (201, [("content-type", JSON)], json.dumps({**ORDER, "status": "GONE"}).encode(), JSON),
    (201, [("content-type", "text/plain")], b"ok", "text/plain"),
    (204, [], None, None),
    (404, [], None, None),
    (500, [("content-type", JSON)], b"{}", JSON),
]


def _reference(spec: dict):
    """Plain openapi-core: no apilint finder, no memoised paths, no cached validators."""
    from openapi_core import OpenAPI

    api = OpenAPI.from_dict(prepare_spec(spec))

    def exchange(method, path, query, req_headers, req_body, req_type, status, headers, body, ctype):
        try:
            found = api.request_validator.path_finder.find(method.lower(), HOST + path)
            server = found.server_result.pattern.rstrip("/") if found.server_result else ""
            operation = f"{method.upper()} {server}{found.path_result.pattern}"
        except Exception:
            operation = None
        req = _Request(method, path, query, req_headers, req_body, req_type)
        violations = _violations("request", list(api.request_validator.iter_errors(req)))
        if operation is not None:
            resp = _Response(status, headers, body, ctype)
            errors = list(api.response_validator.iter_errors(req, resp))
            violations += [v for v in _violations("response", errors) if v["kind"] != "unknown_operation"]
        return operation, violations

    return exchange


@pytest.fixture(scope="module")
def validators():
    return SpecValidator(SPEC), _reference(SPEC)


def test_every_request_and_response_combination_reports_the_same(validators):
    fast, reference = validators
    seen_kinds = set()
    for _ in range(2):  # the second round runs on warm memos
        for request, response in itertools.product(REQUESTS, RESPONSES):
            method, path, query, headers, body, ctype = request
            body = body.encode() if isinstance(body, str) else body
            args = (method, path, query, headers, body, ctype, *response)
            expected = reference(*args)
            assert fast.exchange(captured(*args)) == expected, args
            seen_kinds.update(v["kind"] for v in expected[1])
            # the single-purpose entry points agree too
            assert fast.operation(method, path) == expected[0]
            assert fast.request(*args[:6]) == [v for v in expected[1] if v["side"] == "request"]
    # the cases reach every kind of violation the proxy reports
    assert {"schema", "parameter", "security", "missing_body", "body", "content_type", "header"} <= seen_kinds
    assert {"undocumented_status", "unknown_operation"} <= seen_kinds


def test_enforced_request_violations_are_kept(validators):
    fast, _ = validators
    given = [{"side": "request", "kind": "schema", "field": "body.x", "message": "m"}]
    operation, violations = fast.exchange(captured("DELETE", "/v1/orders/7", [], [], None, None, 204, [], None, None, given))
    assert (operation, violations) == ("DELETE /v1/orders/{order_id}", given) and violations is not given
