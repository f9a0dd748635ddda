"""Behaviour of input-unbounded."""

from apilint.engine.config import Config

from ..conftest import lint_text
from ._input_validation import _post
from ._lint import HEAD, findings


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
