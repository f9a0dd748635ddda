"""SpecSide (apilint/mock/spec_side.py): what `apilint mock --spec` takes from a spec, on the example
service's spec and on small specs. Every answer is checked with the proxy's validator, the engine
SpecSide itself uses, and each behaviour is shown from both sides."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from apilint.errors import InputError
from apilint.mock.spec_side import Answer, SpecSide
from apilint.replay.loading import load

ROOT = Path(__file__).resolve().parents[2]
ORDERS = str(ROOT / "examples/service/openapi.yaml")
JSON = {"content-type": "application/json"}
GOOD_ORDER = {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}


@pytest.fixture(scope="module")
def orders() -> SpecSide:
    return SpecSide(ORDERS)


def body(value: object) -> bytes:
    return json.dumps(value).encode()


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return str(path)


def operations(spec: SpecSide) -> list[tuple[str, str]]:
    out = []
    for template, item in spec.doc["paths"].items():
        for method in ("get", "put", "post", "delete", "patch"):
            if method in item:
                out.append((method.upper(), re.sub(r"\{[^}]+\}", "x1", template)))
    return out


def accepted(spec: SpecSide, method: str, path: str, answer: Answer) -> bool:
    return spec.answer_violations(method, path, answer) == []


# -- requests -----------------------------------------------------------------------------------


def test_a_valid_request_has_no_problems(orders: SpecSide) -> None:
    assert orders.invalid_request("POST", "/v1/orders", "", JSON, body(GOOD_ORDER)) == []
    assert orders.invalid_request("GET", "/v1/orders", "page_size=5", {}, b"") == []
    assert orders.reject("POST", "/v1/orders", "", JSON, body(GOOD_ORDER)) is None


def test_an_invalid_request_names_every_field_in_plain_words(orders: SpecSide) -> None:
    bad = {"customer_id": 7, "items": [{"product_id": "p", "quantity": 0}]}
    assert orders.invalid_request("POST", "/v1/orders", "", JSON, body(bad)) == [
        "body.customer_id: expected string, got integer",
        "body.items[0].quantity: must be >= 1",
    ]
    assert orders.invalid_request("POST", "/v1/orders", "", JSON, body({"items": []})) == [
        "body.customer_id: is required", "body.items: must not be empty"]
    assert orders.invalid_request("POST", "/v1/orders", "", JSON, b"") == ["body: is required"]
    assert orders.invalid_request("GET", "/v1/orders", "page_size=0", {}, b"") == ["query.page_size: must be >= 1"]
    assert orders.invalid_request("GET", "/v1/orders", "page_size=many", {}, b"") == [
        "query.page_size: expected integer"]
    assert orders.invalid_request("POST", "/v1/orders", "", {**JSON, "Idempotency-Key": "a b"},
                                  body(GOOD_ORDER)) == ["header.Idempotency-Key: must match the pattern ^[A-Za-z0-9-]+$"]
    assert orders.invalid_request("PATCH", "/v1/orders/o-1", "", JSON, body({"status": "LOST"})) == [
        "body.status: must be one of PENDING, PAID, SHIPPED, CANCELLED"]
    extra = {**GOOD_ORDER, "colour": "red", "items": [{"product_id": "p", "quantity": 1, "size": "L"}]}
    assert orders.invalid_request("POST", "/v1/orders", "", JSON, body(extra)) == [
        "body.colour: is not a property the spec allows", "body.items[0].size: is not a property the spec allows"]
    assert orders.invalid_request("DELETE", "/v1/orders/o-1", "", {}, b"") == [
        "request: no operation in the spec matches this method and path"]


def test_a_rejected_request_gets_problem_json(orders: SpecSide) -> None:
    refused = orders.reject("POST", "/v1/orders", "", JSON, body({"customer_id": "c", "items": [{"product_id": "p"}]}))
    assert refused is not None
    answer, lines = refused
    assert answer.status == 400 and lines == ["body.items[0].quantity: is required"]
    assert answer.headers["content-type"] == "application/problem+json"
    problem = json.loads(answer.body)
    assert problem["status"] == 400 and problem["detail"] == "1 violation(s) of POST /v1/orders"
    assert problem["errors"] == [{"field": "body.items.0.quantity", "kind": "schema", "message": "is required"}]
    unknown = orders.reject("GET", "/v2/nothing", "", {}, b"")
    assert unknown is not None and unknown[0].status == 404
    assert json.loads(unknown[0].body)["errors"][0]["kind"] == "unknown_operation"


def test_extra_properties_under_a_oneof_are_reported_for_the_object(tmp_path: Path) -> None:
    spec = SpecSide(write(tmp_path, """\
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /pets:
            post:
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - {type: object, additionalProperties: false, properties: {bark: {type: boolean}}}
                        - {type: object, additionalProperties: false, properties: {meow: {type: boolean}}}
              responses: {"204": {description: ok}}
        """))
    assert spec.invalid_request("POST", "/pets", "", JSON, body({"meow": True})) == []
    assert spec.invalid_request("POST", "/pets", "", JSON, body({"purr": True})) == [
        "body: must match exactly one of the alternatives the spec lists"]


# -- answers ------------------------------------------------------------------------------------


def test_every_operation_of_the_example_service_is_answered_validly(orders: SpecSide) -> None:
    for method, path in operations(orders):
        answer = orders.answer(method, path, "", {}, b"")
        assert answer is not None and 200 <= answer.status < 300, (method, path)
        assert accepted(orders, method, path, answer), (method, path, answer)
    created = json.loads(orders.answer("POST", "/v1/orders", "", JSON, body(GOOD_ORDER)).body)
    assert created["status"] == "PENDING" and created["order_id"] == "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def test_an_answer_is_deterministic_and_none_without_an_operation(orders: SpecSide) -> None:
    assert orders.answer("GET", "/v1/orders/a", "", {}, b"") == orders.answer("GET", "/v1/orders/b", "", {}, b"")
    assert orders.answer("DELETE", "/v1/orders/a", "", {}, b"") is None
    assert orders.answer("GET", "/nothing", "", {}, b"") is None


def test_prefer_code_picks_a_documented_status(orders: SpecSide) -> None:
    answer = orders.answer("GET", "/v1/orders/a", "", {"Prefer": "code=404"}, b"")
    assert answer.status == 404 and answer.headers["x-request-id"] == "apilint"
    assert set(json.loads(answer.body)["error"]) >= {"code", "message", "request_id"}
    assert accepted(orders, "GET", "/v1/orders/a", answer)
    assert orders.answer("GET", "/v1/orders/a", "", {"Prefer": "code=418"}, b"").status == 200


EXAMPLES = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          headers:
            X-Rate-Limit: {required: true, schema: {type: integer, minimum: 10}}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              examples:
                wrong: {value: {id: 1, name: "no tag"}}
                rex: {$ref: "#/components/examples/Rex"}
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
              example: [{id: 2, name: Tom, tag: cat}]
    post:
      responses:
        "204": {description: created}
  /broken:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: "not a number", name: x, tag: y}
  /text:
    get:
      responses:
        "default":
          description: plain
          content:
            text/plain:
              schema: {type: string}
              example: hello
components:
  examples:
    Rex: {value: {id: 1, name: Rex, tag: dog}}
  schemas:
    Pet:
      type: object
      required: [id, name, tag]
      properties:
        id: {type: integer, example: 9}
        name: {type: string}
        tag: {type: string, enum: [dog, cat]}
"""


def test_documented_examples_are_served_when_valid_and_skipped_when_not(tmp_path: Path) -> None:
    spec = SpecSide(write(tmp_path, EXAMPLES))
    rex = spec.answer("GET", "/pets/1", "", {}, b"")
    assert json.loads(rex.body) == {"id": 1, "name": "Rex", "tag": "dog"}  # 'wrong' lacks the tag: skipped
    assert rex.headers["x-rate-limit"] == "10" and accepted(spec, "GET", "/pets/1", rex)
    assert json.loads(spec.answer("GET", "/pets", "", {}, b"").body) == [{"id": 2, "name": "Tom", "tag": "cat"}]
    broken = spec.answer("GET", "/broken", "", {}, b"")
    assert json.loads(broken.body) == {"id": 9, "name": "apilint", "tag": "dog"}  # generated instead
    assert accepted(spec, "GET", "/broken", broken)
    assert spec.answer("POST", "/pets", "", {}, b"") == Answer(204, {}, b"")
    assert spec.answer("GET", "/text", "", {}, b"") == Answer(200, {"content-type": "text/plain"}, b"hello")


SWAGGER2 = """\
swagger: "2.0"
info: {title: t, version: "1"}
basePath: /api
produces: [application/json]
paths:
  /things/{id}:
    get:
      parameters: [{name: id, in: path, required: true, type: integer, minimum: 1}]
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Thing"}
          examples: {application/json: {id: 5, label: five}}
definitions:
  Thing:
    type: object
    required: [id, label]
    properties: {id: {type: integer}, label: {type: string, minLength: 2}}
"""


def test_swagger2_examples_and_parameters(tmp_path: Path) -> None:
    spec = SpecSide(write(tmp_path, SWAGGER2))
    answer = spec.answer("GET", "/api/things/3", "", {}, b"")
    assert json.loads(answer.body) == {"id": 5, "label": "five"}
    assert spec.invalid_request("GET", "/api/things/0", "", {}, b"") == ["path.id: must be >= 1"]
    assert spec.invalid_request("GET", "/api/things/3", "", {}, b"") == []
    assert spec.answer("GET", "/things/3", "", {}, b"") is None  # outside the basePath


# -- stale contracts ----------------------------------------------------------------------------

CONTRACT = {
    "contract": {"operation": "GET /v1/orders/{order_id}"},
    "interactions": [
        {"name": "current", "request": {"method": "GET", "path": "/v1/orders/{{var:order_id}}"},
         "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": {
             "order_id": "{{uuid}}", "customer_id": "{{non_empty_string}}",
             "items": [{"product_id": "p-1", "quantity": "{{positive_integer}}"}],
             "status": "{{one_of:PENDING|PAID}}", "total_items": "{{any}}", "note": "{{redacted}}",
             "created_at": "{{iso_timestamp}}", "updated_at": "{{string}}"}}},
        {"name": "stale", "request": {"method": "GET", "path": "/v1/orders/o-2"},
         "response": {"status": 200, "body": {
             "order_id": "{{uuid}}", "customer_id": 5, "items": [], "status": "{{one_of:PAID|LOST}}",
             "total_items": "{{string}}", "created_at": "{{iso_timestamp}}"}}},
        {"name": "gone", "request": {"method": "DELETE", "path": "/v1/orders/o-2"}, "response": {"status": 204}},
        {"name": "teapot", "request": {"method": "GET", "path": "/v1/orders/o-2"},
         "response": {"status": 418, "body": {"error": "tea"}}},
    ],
}


def test_stale_names_each_contract_response_the_spec_no_longer_allows(orders: SpecSide, tmp_path: Path) -> None:
    (tmp_path / "GET_orders.yaml").write_text(yaml.safe_dump(CONTRACT, sort_keys=False))
    lines = orders.stale(load(str(tmp_path), []))
    assert [line[line.index(":", line.index("GET_orders.yaml")):] for line in lines] == [
        ":23 GET /v1/orders/{order_id} 200: body.updated_at: is required; body.customer_id: expected string, "
        "got integer; body.total_items: expected integer, got string; body.status: must be one of PENDING, PAID, "
        "SHIPPED, CANCELLED",
        ":36 DELETE /v1/orders/o-2 204: no operation in the spec matches this method and path",
        ":42 GET /v1/orders/{order_id} 418: status: this status is not documented for the operation",
    ]


def test_a_contract_matching_the_spec_is_not_stale(orders: SpecSide, tmp_path: Path) -> None:
    current = {**CONTRACT, "interactions": CONTRACT["interactions"][:1]}
    (tmp_path / "GET_orders.yaml").write_text(yaml.safe_dump(current, sort_keys=False))
    assert orders.stale(load(str(tmp_path), [])) == []
    seen = current["interactions"][0]["response"]["body"]
    seen["order_id"] = "{{var:order_id}}"  # an id handed out earlier: whatever the spec allows there
    (tmp_path / "GET_orders.yaml").write_text(yaml.safe_dump(current, sort_keys=False))
    assert orders.stale(load(str(tmp_path), [])) == []
    seen["items"][0]["size"] = "L"  # Item allows no other property
    (tmp_path / "GET_orders.yaml").write_text(yaml.safe_dump(current, sort_keys=False))
    assert [line.partition(": ")[2] for line in orders.stale(load(str(tmp_path), []))] == [
        "body.items[0].size: is not a property the spec allows"]
    del seen["items"][0]["size"]
    # the same contract once a value the spec does not allow was seen
    seen["status"] = "{{one_of:PENDING|PAID|LOST}}"
    (tmp_path / "GET_orders.yaml").write_text(yaml.safe_dump(current, sort_keys=False))
    assert [line.partition(": ")[2] for line in orders.stale(load(str(tmp_path), []))] == [
        "body.status: must be one of PENDING, PAID, SHIPPED, CANCELLED"]


CUSTOMERS = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /customers/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id, email, visits]
                properties:
                  id: {type: string, format: uuid}
                  email: {type: string, format: email}
                  visits: {type: integer}
"""


def recorded(email: str, visits: object) -> str:
    return json.dumps({
        "v": 1, "kind": "exchange", "id": "r1", "ts": "2026-11-23T01:27:13.834Z", "operation": "GET /customers/{id}",
        "request": {"method": "GET", "path": "/customers/c1", "query": [], "headers": [], "body": None},
        "response": {"status": 200, "headers": [["content-type", "application/json"]],
                     "content_type": "application/json", "body": {
                         "id": "87060636-54eb-5b2a-8555-b3967967a8d0", "email": email, "visits": visits}}})


def test_recorded_redactions_are_not_stale_but_recorded_values_are_checked(tmp_path: Path) -> None:
    spec = SpecSide(write(tmp_path, CUSTOMERS))
    (tmp_path / "rec.jsonl").write_text(recorded("<redacted:email>", 3) + "\n")
    assert spec.stale(load(str(tmp_path / "rec.jsonl"), [])) == []
    (tmp_path / "rec.jsonl").write_text(recorded("<redacted:email>", "3") + "\n")
    [line] = spec.stale(load(str(tmp_path / "rec.jsonl"), []))
    assert line.endswith("rec.jsonl:1 GET /customers/{id} 200: body.visits: expected integer, got string")


# -- bad specs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("openapi: 3.0.3\npaths: [\n", "spec.yaml:3:1:"),
    ("just: text\n", "spec.yaml:1:1: live validation needs an OpenAPI 3.x or Swagger 2.0 document"),
    ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {}}}\n",
     "spec.yaml:1:1: the spec is not a valid OpenAPI document:"),
], ids=["yaml", "not-openapi", "invalid"])
def test_a_bad_spec_is_one_line_with_file_and_position(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        SpecSide(write(tmp_path, text))
    line = str(caught.value)
    assert "\n" not in line and line[line.index("spec.yaml"):].startswith(message), line
