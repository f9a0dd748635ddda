"""The cross-format rules of the pack read protos through the model (no raw OpenAPI documents)."""

from apilint.engine.config import Config

from ..conftest import lint_text

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
