"""Linking and ordering of interactions (no network)."""

from __future__ import annotations

from apilint.replay.flows import plan, shard, substitute, substitute_path
from apilint.replay.model import Expected, Interaction

ID = "3f1c2a4e-9b0d-4c1e-8f2a-1b2c3d4e5f60"


def it(key, method, path, body=None, response=None, query=(), contract=False, captures=None):
    return Interaction(key, key, key, method, path, list(query), [], body, None,
                       Expected(200, "application/json", {}, response, None), contract, captures or {})


def test_recorded_values_link_later_requests_to_their_producer():
    p = plan([it("create", "POST", "/v1/orders", response={"order_id": ID, "note": "x"}),
              it("list", "GET", "/v1/orders", response={"orders": [], "next_page_token": "tok-2"}),
              it("get", "GET", f"/v1/orders/{ID}"),
              it("page2", "GET", "/v1/orders", query=[("page_token", "tok-2")]),
              it("other", "GET", "/v2/things/thing-1")])
    assert p.value_links[2] == {ID: (0, ("body", "order_id"))}
    assert p.value_links[3] == {"tok-2": (1, ("body", "next_page_token"))}
    assert p.deps[2] == {0} and p.deps[3] == {0, 1}
    assert p.deps[4] == set()  # another collection, nothing linked: runs concurrently


def test_writes_wait_for_earlier_reads_and_reads_for_the_last_write():
    p = plan([it("r1", "GET", "/v1/orders"), it("r2", "GET", "/v1/orders/x"),
              it("w1", "PATCH", "/v1/orders/x"), it("r3", "GET", "/v1/orders")])
    assert p.deps[2] == {0, 1} and p.deps[3] == {2} and p.deps[0] == p.deps[1] == set()


def test_contract_captures_and_vars():
    p = plan([it("a", "POST", "/v1/orders", contract=True, captures={"oid": "response.body.order_id"}),
              it("b", "GET", "/v1/orders/{{var:oid}}", contract=True, body={"ref": "{{var:oid}}"}),
              it("c", "GET", "/v1/orders/{{var:nope}}", contract=True)])
    assert p.var_links[1] == {"oid": (0, ("body", "order_id"))} and p.unbound[2] == ["nope"]
    assert substitute_path("/v1/orders/{{var:oid}}", {}, {"oid": "N"}) == "/v1/orders/N"
    assert substitute({"ref": "{{var:oid}}", "n": 1}, {}, {"oid": 7}) == {"ref": 7, "n": 1}


def test_shards_partition_deterministically_and_keep_flows_together():
    items = []
    for n in range(40):
        oid = f"{n:08d}-9b0d-4c1e-8f2a-1b2c3d4e5f60"
        items += [it(f"c{n}", "POST", "/v1/orders", response={"order_id": oid}), it(f"g{n}", "GET", f"/v1/orders/{oid}")]
    p = plan(items)
    parts = [shard(p, i, 3) for i in (1, 2, 3)]
    assert sorted(i for part in parts for i in part) == list(range(80))
    assert all(parts) and parts == [shard(plan(items), i, 3) for i in (1, 2, 3)]
    for part in parts:
        assert all((i + 1 if i % 2 == 0 else i - 1) in part for i in part)  # create and get stay together
