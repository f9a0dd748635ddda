"""gRPC records into contracts without a service: names, grouping by gRPC status, records of the wrong shape."""

from __future__ import annotations

import json

import yaml

from apilint.contract.build import build_contracts

PATH = "/shop.orders.v1.OrderService/WatchOrder"


def _record(n: int, code: int, status: str, body, **grpc) -> dict:
    return {"v": 1, "kind": "exchange", "id": f"r{n}", "ts": f"2026-12-06T00:00:0{n}.000Z", "operation": PATH,
            "request": {"method": "POST", "path": PATH, "query": [], "body": {"order_id": "1001"},
                        "headers": [["te", "trailers"], ["x-tenant", "t1"], ["grpc-timeout", "5S"]]},
            "response": {"status": 200, "headers": [["content-type", "application/grpc"]], "body": body},
            "grpc": {"service": "shop.orders.v1.OrderService", "method": "WatchOrder", "streaming": "server",
                     "code": code, "status": status, "message": None if code == 0 else "gone", "details": [],
                     "trailers": [], **grpc}}


def test_grpc_records_group_by_status_and_bad_ones_are_skipped(tmp_path):
    events = [{"order_id": "1001", "state": "PLACED"}, {"order_id": "1001", "state": "SHIPPED"}]
    records = [_record(1, 0, "OK", events), _record(2, 5, "NOT_FOUND", []), _record(3, 0, "OK", events[:1]),
               _record(4, 0, "OK", events, streaming="sideways")]
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    result = build_contracts(str(tmp_path / "rec"), str(tmp_path / "out"))
    assert result.interactions == 2 and len(result.invalid) == 1 and "grpc.streaming 'sideways'" in result.invalid[0]
    doc = yaml.safe_load((tmp_path / "out" / "shop.orders.v1.OrderService.WatchOrder.yaml").read_text())
    assert doc["contract"]["streaming"] == "server"
    ok, missing = (i for i in sorted(doc["interactions"], key=lambda i: i["name"], reverse=True))
    assert (ok["name"], missing["name"]) == ("watch_order_ok", "watch_order_not_found")
    assert ok["request"]["headers"] == {"x-tenant": "t1"}  # metadata the transport sets is left out
    assert "query" not in ok["request"] and ok["response"]["grpc"] == {"status": "OK"}
    assert ok["response"]["body"] == [{"order_id": "1001", "state": "{{one_of:PLACED|SHIPPED}}"}]  # 2 or 1 message
    assert missing["response"]["grpc"] == {"status": "NOT_FOUND", "message": "{{non_empty_string}}"}
