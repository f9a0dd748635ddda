"""The proto comparer on small trees written by the test (compiled with grpcio-tools' protoc)."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.diff.engine import diff
from apilint.errors import InputError

BASE = """syntax = "proto3";
package shop.v1;

message Order {
  string id = 1;
  int32 quantity = 2;
  repeated string tags = 3;
  reserved 9;
}

enum State {
  STATE_UNSPECIFIED = 0;
  STATE_OPEN = 1;
}

message GetOrderRequest { string id = 1; }

service OrderService {
  rpc GetOrder(GetOrderRequest) returns (Order);
  rpc WatchOrders(GetOrderRequest) returns (stream Order);
}
"""


def write(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    for name, text in (("old", old), ("new", new)):
        (tmp_path / name).mkdir(exist_ok=True)
        (tmp_path / name / "shop.proto").write_text(text)
    return str(tmp_path / "old"), str(tmp_path / "new")


def changes(tmp_path: Path, new: str, old: str = BASE) -> list[tuple[str, int | None]]:
    result = diff(*write(tmp_path, old, new))
    return sorted((c.id, c.location.line if c.location else None) for c in result.changes)


def test_same_tree_reports_nothing(tmp_path):
    assert changes(tmp_path, BASE) == []


def test_field_renamed_is_json_breaking_and_located(tmp_path):
    assert changes(tmp_path, BASE.replace("int32 quantity = 2", "int32 qty = 2")) == [("FIELD_SAME_NAME", 6)]


def test_field_type_number_and_label_changes(tmp_path):
    found = changes(tmp_path, BASE.replace("int32 quantity = 2", "int64 quantity = 2")
                    .replace("repeated string tags = 3", "string tags = 3"))
    assert found == [("FIELD_SAME_CARDINALITY", 7), ("FIELD_SAME_TYPE", 6)]
    # a changed number is a deleted field plus a new one
    assert changes(tmp_path, BASE.replace("string id = 1;\n  int32", "string id = 4;\n  int32")) == [
        ("FIELD_NO_DELETE", 4), ("FIELD_NUMBER_CHANGED", 5)]


def test_reserved_number_reused(tmp_path):
    found = changes(tmp_path, BASE.replace("  reserved 9;\n", "  bool gift = 9;\n"))
    assert found == [("FIELD_NUMBER_RESERVED_REUSED", 8), ("RESERVED_MESSAGE_NO_DELETE", 4)]


def test_enum_value_and_rpc_changes(tmp_path):
    found = changes(tmp_path, BASE.replace("  STATE_OPEN = 1;\n", "")
                    .replace("returns (stream Order)", "returns (Order)")
                    .replace("rpc GetOrder(GetOrderRequest)", "rpc GetOrder(Order)"))
    assert found == [("ENUM_VALUE_NO_DELETE", 11), ("RPC_SAME_REQUEST_TYPE", 18), ("RPC_SAME_SERVER_STREAMING", 19)]


def test_deleted_elements(tmp_path):
    without_service = BASE[:BASE.index("service OrderService")]
    assert changes(tmp_path, without_service) == [("SERVICE_NO_DELETE", None)]
    assert changes(tmp_path, BASE.replace("  rpc WatchOrders(GetOrderRequest) returns (stream Order);\n", "")) == [
        ("RPC_NO_DELETE", 18)]


def test_proto_that_does_not_compile_is_input_error(tmp_path):
    with pytest.raises(InputError, match=r"shop\.proto"):
        diff(*write(tmp_path, BASE, BASE.replace("int32 quantity = 2;", "int32 quantity = ;")))


def test_a_message_used_by_several_rpcs_is_one_change_naming_them(tmp_path):
    result = diff(*write(tmp_path, BASE, BASE.replace("  repeated string tags = 3;\n", "")))
    [deleted] = result.changes
    assert deleted.id == "FIELD_NO_DELETE" and deleted.element == "shop.v1.Order.tags"
    assert deleted.extra["affected_operations"] == ["shop.v1.OrderService.GetOrder", "shop.v1.OrderService.WatchOrders"]
    assert deleted.as_dict()["operations"] == deleted.extra["affected_operations"]


def test_a_message_reached_through_a_field_counts_the_rpcs_of_its_holders(tmp_path):
    old = BASE.replace("  reserved 9;\n", "  Line line = 4;\n  reserved 9;\n") + "message Line { string sku = 1; }\n"
    result = diff(*write(tmp_path, old, old.replace("message Line { string sku = 1; }", "message Line { }")))
    assert [(c.element, len(c.extra["affected_operations"])) for c in result.changes] == [("shop.v1.Line.sku", 2)]


def test_a_message_one_rpc_uses_names_no_operations(tmp_path):
    old = BASE.replace("  rpc GetOrder", "  rpc CancelOrder(CancelRequest) returns (Order);\n  rpc GetOrder") + \
        "message CancelRequest { string id = 1; }\n"
    result = diff(*write(tmp_path, old, old.replace("message CancelRequest { string id = 1; }",
                                                    "message CancelRequest { }")))
    assert [c.id for c in result.changes] == ["FIELD_NO_DELETE"]
    assert "affected_operations" not in result.changes[0].extra
