"""Behaviour of input-unbounded."""

from apilint.engine.config import Config

from ..conftest import lint_text
from ._input_validation import _post
from ._lint import HEAD, findings, op


def test_unbounded_input_one_finding_per_body(tmp_path):
    props = ("                note: {type: string}\n                size: {type: integer, minimum: 1}\n"
             "                kind: {type: string, enum: [a]}\n                at: {type: string, format: date-time}\n")
    found = findings(tmp_path, HEAD + "paths:\n" + _post("/v1/a", "createA", props), "input-unbounded")
    assert len(found) == 1
    assert "note (string without maxLength)" in found[0].message
    assert "size (integer without maximum)" in found[0].message
    assert "kind" not in found[0].message and "at (" not in found[0].message


_PROTO = """syntax = "proto3";
package shop.v1;
service OrderService {
  rpc CreateOrder(CreateOrderRequest) returns (Order);
}
message CreateOrderRequest { string note = 1; repeated string tags = 2; }
message Order { string id = 1; string owner_name = 2; }
"""


_RULES = ("input-unbounded", "id-name-misuse", "validation-inconsistent", "page-token-readable",
          "patch-replaces-resource")


def test_cross_format_rules_run_on_protos(tmp_path):
    result = lint_text(tmp_path, _PROTO, name="api.proto", config=Config(preset="strict"), only_rules=_RULES)
    assert result.error is None, result.error
    unbounded = [f for f in result.findings if f.rule == "input-unbounded"]
    assert len(unbounded) == 1
    assert "CreateOrder request: unbounded input: note (string without maxLength); tags (array without maxItems)" \
        in unbounded[0].message


def test_shared_component_reported_once_at_its_definition(tmp_path):
    body = ("      requestBody:\n        content:\n          application/json:\n            schema:\n"
            "              type: object\n              properties:\n"
            "                address: {$ref: '#/components/schemas/Address'}\n                %s\n")
    spec = (HEAD + "paths:\n" + op("/v1/orders", "post", "createOrder", body % "note: {type: string, maxLength: 9}")
            + op("/v1/customers", "post", "createCustomer", body % "name: {type: string}")
            + "components:\n  schemas:\n    Address:\n      type: object\n      properties:\n"
            "        street: {type: string}\n        zip: {type: string, maxLength: 5}\n")
    found = sorted((f.pointer, f.message) for f in findings(tmp_path, spec, "input-unbounded"))
    assert found == [
        ("/components/schemas/Address", "schema Address (request input, e.g. POST /v1/orders): unbounded input: "
                                        "street (string without maxLength)"),
        ("/paths/~1v1~1customers/post/requestBody/content/application~1json/schema",
         "POST /v1/customers request body: unbounded input: name (string without maxLength)")]


def test_proto_shared_message_reported_at_its_definition(tmp_path):
    text = ('syntax = "proto3";\npackage shop.v1;\nservice S {\n  rpc CreateOrder(CreateOrderRequest) returns (Order);\n'
            "  rpc CreateShop(CreateShopRequest) returns (Order);\n}\n"
            "message Address { string street = 1; }\nmessage CreateOrderRequest { Address address = 1; }\n"
            "message CreateShopRequest { Address address = 1; string title = 2; }\nmessage Order { string id = 1; }\n")
    result = lint_text(tmp_path, text, name="api.proto", config=Config(preset="strict"),
                       only_rules=("input-unbounded",))
    assert sorted(f.message for f in result.findings) == [
        "CreateShop request: unbounded input: title (string without maxLength)",
        "message Address (request input, e.g. CreateOrder): unbounded input: street (string without maxLength)"]


def test_component_used_as_a_whole_body_is_reported_as_the_component(tmp_path):
    body = ("      requestBody:\n        content:\n          application/json:\n"
            "            schema: {$ref: '#/components/schemas/Name'}\n")
    spec = (HEAD + "paths:\n" + op("/v1/shops", "put", "putShop", body) +
            "components:\n  schemas:\n    Name: {type: string}\n")
    assert [f.message for f in findings(tmp_path, spec, "input-unbounded")] == [
        "schema Name (request input, e.g. PUT /v1/shops): unbounded input: string without maxLength"]
