"""gRPC contracts and recordings load into replay's interactions with their call outcome and streaming kind."""

from __future__ import annotations

import json

import pytest

from apilint.errors import InputError
from apilint.replay.loading import load

CONTRACT = """\
contract:
  operation: /shop.orders.v1.OrderService/WatchOrder
  protocol: grpc
  streaming: server
interactions:
  - name: watch_missing
    request: {method: POST, path: /shop.orders.v1.OrderService/WatchOrder, body: {order_id: "9"}}
    response:
      status: 200
      grpc: {status: NOT_FOUND, message: "{{non_empty_string}}"}
      body: []
"""


def test_a_grpc_contract_loads_with_its_outcome_and_streaming(tmp_path):
    (tmp_path / "watch.yaml").write_text(CONTRACT)
    [it] = load(str(tmp_path), [])
    assert it.grpc == "server" and it.expected.grpc == {"code": 5, "message": "{{non_empty_string}}", "details": None}
    assert it.body == {"order_id": "9"} and it.expected.body == []


@pytest.mark.parametrize(("edit", "why"), [
    (("status: NOT_FOUND", "status: NOPE"), "response.grpc.status 'NOPE'"),
    (("streaming: server", "streaming: sideways"), "streaming one of unary, server, client, bidi"),
    (("protocol: grpc", "protocol: smtp"), "protocol is http or grpc"),
    (("message: ", "color: "), "response.grpc holds status, message and details only"),
])
def test_a_bad_grpc_contract_is_one_line_with_its_position(tmp_path, edit, why):
    (tmp_path / "watch.yaml").write_text(CONTRACT.replace(*edit))
    with pytest.raises(InputError) as error:
        load(str(tmp_path), [])
    assert why in str(error.value) and "watch.yaml:" in str(error.value)


def test_an_http_contract_has_no_grpc_part(tmp_path):
    (tmp_path / "get.yaml").write_text("interactions:\n  - request: {method: GET, path: /x}\n    response: {status: 200}\n")
    [it] = load(str(tmp_path), [])
    assert it.grpc is None and it.expected.grpc is None


def test_a_grpc_record_loads_with_its_outcome(tmp_path):
    record = {"v": 1, "kind": "exchange", "id": "r1", "ts": "2026-12-06T00:00:00.000Z", "duration_ms": 1.0,
              "operation": "/shop.orders.v1.OrderService/GetOrder",
              "request": {"method": "POST", "path": "/shop.orders.v1.OrderService/GetOrder", "query": [],
                          "headers": [], "content_type": "application/grpc", "body": {"order_id": "9"},
                          "body_text": None, "body_note": None},
              "response": {"status": 200, "headers": [], "content_type": "application/grpc", "body": None,
                           "body_text": None, "body_note": None},
              "violations": [], "redacted": [],
              "grpc": {"service": "shop.orders.v1.OrderService", "method": "GetOrder", "streaming": "unary",
                       "code": 5, "status": "NOT_FOUND", "message": "order 9 not found", "details": [],
                       "trailers": []}}
    (tmp_path / "rec.jsonl").write_text(json.dumps(record) + "\n")
    [it] = load(str(tmp_path), [])
    assert it.grpc == "unary" and it.expected.grpc == {"code": 5, "message": "order 9 not found", "details": []}
