"""protovalidate's ``(buf.validate.field)`` constraints count as validation the way PGV's
``(validate.rules)`` do (issue 15); ``buf/validate/validate.proto`` is bundled, so nothing is vendored."""

from __future__ import annotations

import json

import pytest

from apilint.load.protoc import compile_protos
from apilint.model.proto_build import index_compiled
from tests.conftest import run_cli

PGV = {"import": "validate/validate.proto", "opt": "validate.rules", "required": "(validate.rules).message.required"}
PV = {"import": "buf/validate/validate.proto", "opt": "buf.validate.field", "required": "(buf.validate.field).required"}
NONE = {"import": None}


def proto(kind: dict) -> str:
    head = 'syntax = "proto3";\npackage shop.v1;\n' + (f'import "{kind["import"]}";\n' if kind["import"] else "")
    body = """service OrderService {
  rpc CreateOrder(CreateOrderRequest) returns (Order);
  rpc UpdateOrder(UpdateOrderRequest) returns (Order);
}
message Order { string name = 1; }
message Address { string line = 1; }
message CreateOrderRequest {
  string note = 1 [(O).string = {min_len: 1, max_len: 200, pattern: "^[a-z ]*$"}];
  int32 quantity = 2 [(O).int32 = {gte: 1, lte: 100}];
  repeated string tags = 3 [(O).repeated = {max_items: 10, items: {string: {max_len: 20}}}];
  Address address = 4 [REQ = true];
  string contact_email = 5 [(O).string = {max_len: 255, email: true}];
}
message UpdateOrderRequest { string contact_email = 1 [(O).string.max_len = 80]; }
"""
    if kind["import"] is None:
        import re

        body = re.sub(r" \[[^\]]*\]\];| \[[^;]*\];", ";", body)
    else:
        body = body.replace("(O)", f"({kind['opt']})").replace("REQ", kind["required"])
    return head + body


def findings(tmp_path, kind: dict) -> list[tuple[str, str, int]]:
    (tmp_path / "orders.proto").write_text(proto(kind))
    done = run_cli("check", "--no-cache", "--preset", "strict", "--rule", "input-unbounded", "--rule",
                   "validation-inconsistent", "-f", "json", ".", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    return sorted((f["rule"], f["message"], f["line"]) for f in json.loads(done.stdout)["findings"])


def test_protovalidate_bounds_give_the_findings_pgv_bounds_give(tmp_path):
    with_pgv = findings(tmp_path, PGV)
    with_protovalidate = findings(tmp_path, PV)
    unbounded = findings(tmp_path, NONE)
    assert with_protovalidate == with_pgv
    # the bounds are what silences input-unbounded for note, quantity and tags
    assert "note (string without maxLength)" in str(unbounded) and "note" not in str(with_pgv)
    assert any(rule == "validation-inconsistent" for rule, _, _ in with_pgv)  # 255 vs 80


@pytest.mark.parametrize("kind", [PGV, PV], ids=["pgv", "protovalidate"])
def test_constraints_become_schema_bounds(tmp_path, kind):
    (tmp_path / "orders.proto").write_text(proto(kind))
    workspace = index_compiled(compile_protos(str(tmp_path)))
    schema = workspace.message_schema(".shop.v1.CreateOrderRequest").data
    props = schema["properties"]
    assert {k: props["note"][k] for k in ("minLength", "maxLength", "pattern")} == \
        {"minLength": 1, "maxLength": 200, "pattern": "^[a-z ]*$"}
    assert (props["quantity"]["minimum"], props["quantity"]["maximum"]) == (1, 100)
    assert props["tags"]["maxItems"] == 10 and props["tags"]["items"]["maxLength"] == 20
    assert props["contact_email"]["format"] == "email"
    assert "address" in schema.get("required", [])
