"""Loading protos through the real CLI: single files, folders, -I roots, bundled imports, compile errors."""

from __future__ import annotations

import json
from pathlib import Path

from apilint.model.proto_build import load_proto
from tests.conftest import ROOT, run_cli

GOOD = ROOT / "examples" / "proto" / "good"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_single_file_with_google_api_and_validate_imports_is_clean():
    result = run_cli("check", "--no-cache", str(GOOD / "shop" / "v1" / "orders.proto"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found" in result.stdout


def test_folder_target_reports_findings_with_file_line_and_exit_1(tmp_path):
    _write(tmp_path / "shop" / "v1" / "a.proto", 'syntax = "proto3";\npackage shop.v1;\n'
           'import "shop/v1/b.proto";\n// Doc.\nmessage A {\n  // Doc.\n  B b = 1;\n}\n')
    _write(tmp_path / "shop" / "v1" / "b.proto", 'syntax = "proto3";\npackage shop.v1;\n'
           '// Doc.\nmessage B {\n  // Doc.\n  string fooBar = 1;\n}\n')
    result = run_cli("check", "--no-cache", "--fail-on", "warning", "-f", "json", str(tmp_path))
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], Path(f["file"]).name, f["line"], f["column"], f["pointer"]) for f in findings] == [
        ("proto-field-name-case", "b.proto", 6, 3, "/shop.v1.B.fooBar")]


def test_import_roots_resolve_but_imports_are_not_linted(tmp_path):
    _write(tmp_path / "deps" / "common" / "v1" / "money.proto", 'syntax = "proto3";\npackage common.v1;\n'
           'message Money { string currencyCode = 1; int64 created_at = 2; }\n')
    _write(tmp_path / "api" / "shop.proto", 'syntax = "proto3";\npackage shop.v1;\n'
           'import "common/v1/money.proto";\n// A price.\nmessage Price {\n  // Amount.\n'
           '  common.v1.Money amount = 1;\n}\n')
    result = run_cli("check", "--no-cache", "--preset", "strict", "-f", "json", "-I", str(tmp_path / "deps"),
                     str(tmp_path / "api"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["findings"] == []
    without = run_cli("check", "--no-cache", str(tmp_path / "api"))
    assert without.returncode == 2
    assert "common/v1/money.proto" in without.stderr


def test_folder_inside_an_import_root_compiles_relative_to_the_root(tmp_path):
    _write(tmp_path / "shop" / "v1" / "a.proto", 'syntax = "proto3";\npackage shop.v1;\n'
           'import "shop/v1/b.proto";\n// A.\nmessage A {\n  // B.\n  B b = 1;\n}\n')
    _write(tmp_path / "shop" / "v1" / "b.proto", 'syntax = "proto3";\npackage shop.v1;\n// B.\nmessage B {}\n')
    result = run_cli("check", "--no-cache", "-I", str(tmp_path), str(tmp_path / "shop" / "v1"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_compile_error_is_one_line_with_position_and_exit_2(tmp_path):
    path = _write(tmp_path / "broken.proto", 'syntax = "proto3";\npackage shop.v1;\nmessage A {\n'
                  '  strin name = 1;\n}\n')
    result = run_cli("check", "--no-cache", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("apilint: ") and "broken.proto:4:3:" in lines[0], lines[0]


def test_model_maps_pgv_bounds_field_behavior_types_and_http(tmp_path):
    api = load_proto(str(GOOD / "shop" / "v1" / "orders.proto"))
    order = api.schemas["shop.v1.Order"]
    props = order.properties()
    assert props["customer"].data["maxLength"] == 200 and props["customer"].data["minLength"] == 1
    assert props["items"].type == "array" and props["items"].data["maxItems"] == 100
    assert props["items"].items().name == "LineItem"
    assert props["items"].items().properties()["quantity"].data["maximum"] == 1000
    assert props["create_time"].format == "date-time" and props["create_time"].data["readOnly"] is True
    assert props["state"].enum == ["ORDER_STATE_UNSPECIFIED", "ORDER_STATE_PLACED", "ORDER_STATE_SHIPPED",
                                   "ORDER_STATE_CANCELLED"]
    assert props["name"].data["x-proto"]["field_behavior"] == ["IDENTIFIER"]
    assert set(order.required) == {"customer", "items"}
    assert order.data["x-proto"]["resource"] is True
    ops = {op.name: op for op in api.operations}
    assert (ops["GetOrder"].method, ops["GetOrder"].path) == ("get", "/v1/{name=orders/*}")
    assert ops["UpdateOrder"].method == "patch" and ops["WatchOrders"].method is None
    assert ops["WatchOrders"].streaming == (False, True)
    assert ops["ListOrders"].request.schema.properties()["page_size"].data["maximum"] == 100
    assert ops["CreateOrder"].request.schema.properties()["request_id"].format == "uuid"
    assert ops["GetOrder"].success.body.schema is order
    assert (ops["GetOrder"].loc.pointer, ops["GetOrder"].loc.line, ops["GetOrder"].loc.column) == (
        "/shop.v1.OrderService.GetOrder", 19, 3)
    assert api.version == "v1" and api.format == "proto"
