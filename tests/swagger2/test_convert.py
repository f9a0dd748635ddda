"""Swagger 2.0 -> OpenAPI 3.0 in memory: the result is valid 3.0, means the same, and points back."""

from __future__ import annotations

import glob
import json
import os

import pytest
import yaml
from openapi_spec_validator import validate

from apilint.load.pointer import get
from apilint.load.source import load_source
from apilint.load.swagger2 import source_pointer, to_openapi3
from tests.swagger2.specs import CORPUS, ORDERS_V2, PETSTORE


@pytest.fixture(scope="module")
def orders() -> tuple[dict, dict]:
    doc = yaml.safe_load(ORDERS_V2)
    return doc, to_openapi3(doc)


def test_converted_spec_validates_as_openapi_3(orders):
    validate(orders[1])


@pytest.mark.skipif(not os.path.exists(PETSTORE), reason="needs ../shared/corpus (the 2.0 petstore)")
def test_real_swagger2_specs_convert_to_valid_openapi_3():
    files = sorted(glob.glob(f"{CORPUS}/v2.0/*/*.*"))
    files += [f for f in [f"{os.path.dirname(CORPUS)}/kubernetes/swagger.json"] if os.path.exists(f)]
    for path in files:
        doc = load_source(path).data
        converted = to_openapi3(doc)
        assert converted["openapi"] == "3.0.3", path
        validate(converted)


def test_openapi_3_passes_through_untouched():
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    assert to_openapi3(doc) is doc


def test_servers_from_host_base_path_and_schemes(orders):
    assert orders[1]["servers"] == [{"url": "https://orders.example.com/v1"}, {"url": "http://orders.example.com/v1"}]
    assert to_openapi3({"swagger": "2.0", "basePath": "/api", "paths": {}})["servers"] == [{"url": "/api"}]


def test_components_and_refs_move(orders):
    out = orders[1]
    assert set(out["components"]["schemas"]) == {"NewOrder", "OrderRef", "Order", "Problem"}
    assert out["components"]["parameters"]["PageSize"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 50}
    assert "OrderBody" in out["components"]["requestBodies"]
    assert out["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"}
    text = json.dumps(out)
    assert "#/definitions/" not in text and '"#/parameters/' not in text and '"#/responses/' not in text
    assert out["paths"]["/orders/{order_id}"]["get"]["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}


def test_security_definitions_become_schemes(orders):
    schemes = orders[1]["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["key"] == {"type": "apiKey", "in": "header", "name": "x-api-key"}
    assert schemes["oauth"]["flows"]["authorizationCode"]["tokenUrl"] == "https://a.example/token"


def test_body_becomes_request_body(orders):
    post = orders[1]["paths"]["/orders"]["post"]
    assert post["requestBody"] == {"$ref": "#/components/requestBodies/OrderBody"}
    assert orders[1]["components"]["requestBodies"]["OrderBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}}, "required": True}
    assert [p["name"] for p in post["parameters"]] == ["Idempotency-Key"]


def test_form_data_becomes_form_or_multipart_body(orders):
    paths = orders[1]["paths"]
    login = paths["/login"]["post"]["requestBody"]
    schema = login["content"]["application/x-www-form-urlencoded"]["schema"]
    assert schema["required"] == ["username", "password"] and login["required"] is True
    assert schema["properties"]["scopes"] == {"type": "array", "items": {"type": "string"}}
    upload = paths["/orders/{order_id}/attachments"]["post"]
    part = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert part["properties"]["file"] == {"type": "string", "format": "binary"}  # type: file
    assert [p["name"] for p in upload["parameters"]] == ["order_id"]


def test_collection_format_becomes_style_and_explode(orders):
    params = {p["name"]: p for p in orders[1]["paths"]["/orders"]["get"]["parameters"] if "name" in p}
    assert (params["status"]["style"], params["status"]["explode"]) == ("pipeDelimited", False)
    assert (params["tag"]["style"], params["tag"]["explode"]) == ("form", True)
    assert "collectionFormat" not in params["status"]


def test_x_nullable_becomes_nullable(orders):
    schemas = orders[1]["components"]["schemas"]
    assert schemas["Order"]["properties"]["customer_email"] == {"type": "string", "nullable": True}
    assert "x-nullable" not in json.dumps(orders[1])


def test_produces_headers_and_examples_become_content(orders):
    paths = orders[1]["paths"]
    page = paths["/orders"]["get"]["responses"]["200"]
    assert page["content"]["application/json"]["example"] == {"items": [], "next_page_token": None}
    assert page["headers"]["X-Total"] == {"schema": {"type": "integer"}, "description": "how many"}
    assert set(paths["/orders/{order_id}"]["get"]["responses"]["200"]["content"]) == {
        "application/json", "application/xml"}  # per-operation produces wins over the global one
    assert paths["/orders/{order_id}/attachments"]["post"]["responses"]["204"] == {"description": "attached"}


@pytest.mark.parametrize(("new", "old"), [
    ("/paths/~1orders/post/requestBody", "/paths/~1orders/post/parameters/0"),
    ("/paths/~1orders/post/parameters/0", "/paths/~1orders/post/parameters/1"),
    ("/paths/~1orders/get/responses/200/content/application~1json/schema/properties/items",
     "/paths/~1orders/get/responses/200/schema/properties/items"),
    ("/paths/~1orders/get/responses/200/headers/X-Total/schema", "/paths/~1orders/get/responses/200/headers/X-Total"),
    ("/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/password",
     "/paths/~1login/post/parameters/1"),
    ("/components/schemas/Order/properties/status", "/definitions/Order/properties/status"),
    ("/components/requestBodies/OrderBody", "/parameters/OrderBody"),
    ("/components/securitySchemes/basic", "/securityDefinitions/basic"),
    ("/paths/~1orders~1{order_id}/parameters/0", "/paths/~1orders~1{order_id}/parameters/0"),
])
def test_converted_nodes_point_back_into_the_2_0_file(orders, new, old):
    doc, converted = orders
    assert source_pointer(converted, new) == old
    get(converted, new)  # both pointers name real nodes
    get(doc, old)


def test_positions_of_the_pointers_are_in_the_2_0_text(tmp_path, orders):
    path = tmp_path / "orders.yaml"
    path.write_text(ORDERS_V2)
    source = load_source(str(path))
    old = source_pointer(to_openapi3(source.data), "/paths/~1orders/post/requestBody")
    line, _ = source.positions([old])[old]
    assert ORDERS_V2.splitlines()[line - 1].strip() == '- $ref: "#/parameters/OrderBody"'
