"""The proto diff loads each tree without the lint-only declaration index and with the cyclic GC paused
(a self-diff of Temporal's protos had become 50% slower when the diff reused the model's index)."""

from __future__ import annotations

import gc

from apilint.diff.proto import compare, tree
from apilint.model.proto_build import index_compiled

PROTO = """syntax = "proto3";
package shop.v1;
message Order { string id = 1; map<string, Item> items = 2; message Item { int32 qty = 1; } }
enum State { STATE_UNSPECIFIED = 0; }
service Orders { rpc GetOrder(Order) returns (Order); }
"""


def test_diff_tree_does_not_build_the_declaration_index(tmp_path, monkeypatch):
    (tmp_path / "orders.proto").write_text(PROTO)
    seen = []
    real = tree.tree_of

    def spy(workspace):
        result = real(workspace)
        seen.append((workspace, result))
        return result

    monkeypatch.setattr(tree, "tree_of", spy)
    assert compare.compare_protos(str(tmp_path), str(tmp_path)) == []
    workspace, built = seen[0]
    assert "decls" not in vars(workspace)  # the lint-only index was never built
    assert set(built.messages) == {"shop.v1.Order", "shop.v1.Order.Item", "shop.v1.Order.ItemsEntry"}
    assert set(built.services) == {"shop.v1.Orders"} and built.services["shop.v1.Orders"].path == (6, 0)


def test_diff_loads_with_gc_paused(tmp_path, monkeypatch):
    (tmp_path / "orders.proto").write_text(PROTO)
    states = []
    real = compare.load_tree
    monkeypatch.setattr(compare, "load_tree", lambda *a: states.append(gc.isenabled()) or real(*a))
    compare.compare_protos(str(tmp_path), str(tmp_path))
    assert states == [False, False] and gc.isenabled()


def test_type_declarations_are_found_on_first_use(tmp_path):
    from apilint.load.protoc import compile_protos

    (tmp_path / "orders.proto").write_text(PROTO)
    workspace = index_compiled(compile_protos(str(tmp_path)))
    assert workspace.types[".shop.v1.Order"].decl.loc.line == 3
    assert workspace.types[".shop.v1.Order.ItemsEntry"].decl is None  # a map entry has no source
    assert workspace.by_fqn["shop.v1.Order.Item"].parent.fqn == "shop.v1.Order"
