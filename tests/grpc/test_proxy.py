"""`apilint proxy` in front of a gRPC service: real processes (the example service, the proxy, a grpcio client
without generated code). h2c on both legs, every call recorded in the documented shape, secrets never on
disk, --enforce answering INVALID_ARGUMENT, undecodable calls passed through untouched and counted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import grpc
import pytest

from apilint.grpc.client import Caller
from apilint.grpc.descriptors import Services
from tests.grpc.proxying import grpc_proxy, records
from tests.grpc.service import PROTOS, SERVICE, running, services
from tests.proxy.harness import ROOT, env, wait_for_metric

CALLS = [  # (RPC, request, metadata): unary answers OK, NOT_FOUND, INVALID_ARGUMENT with details; a stream
    ("GetOrder", {"order_id": "1001"}, []),
    ("GetOrder", {"order_id": "4242"}, []),
    ("ListOrders", {"page_size": 1}, []),
    ("CreateOrder", {"order": {"customer_email": "bob@example.com", "sku": "PEN-9", "quantity": 2},
                     "request_id": "r-1"}, []),
    ("CreateOrder", {"order": {"customer_email": "bob@example.com", "sku": "PEN-9", "quantity": 500}}, []),
    ("WatchOrder", {"order_id": "1001"}, []),
]


@pytest.fixture(scope="module")
def svc() -> Services:
    return services()


def _call(address: str, svc: Services, rpc: str, request: dict, metadata: list) -> tuple:
    with Caller(address) as caller:
        got = caller.call(svc.method(SERVICE + rpc), [request], metadata=metadata)
    return got.code, got.message, got.details, got.responses


def test_calls_through_the_proxy_answer_as_direct_and_are_all_recorded(svc, tmp_path):
    out = str(tmp_path / "rec")
    with running("v1") as upstream, grpc_proxy(upstream, out) as proxy:
        direct = [_call(upstream, svc, *call) for call in CALLS]
        proxied = [_call(proxy.address, svc, *call) for call in CALLS]
        err = proxy.stop()
    # CreateOrder made a new order each time: ids and times differ, the rest must not
    for a, b in zip(direct, proxied, strict=True):
        assert a[:3] == b[:3]
        assert [sorted(m) for m in a[3]] == [sorted(m) for m in b[3]]
    assert proxied[5][3] == [{"order_id": "1001", "state": "PLACED", "note": "placed"},
                             {"order_id": "1001", "state": "SHIPPED", "note": "shipped"}]
    recs = records(out)
    assert len(recs) == len(CALLS), err
    by_rpc = [(r["grpc"]["method"], r["grpc"]["status"]) for r in recs]
    assert sorted(by_rpc) == sorted([("GetOrder", "OK"), ("GetOrder", "NOT_FOUND"), ("ListOrders", "OK"),
                                     ("CreateOrder", "OK"), ("CreateOrder", "INVALID_ARGUMENT"),
                                     ("WatchOrder", "OK")])
    for rec in recs:
        assert rec["kind"] == "exchange" and rec["request"]["method"] == "POST"
        assert rec["operation"] == rec["request"]["path"] == SERVICE + rec["grpc"]["method"]
        assert rec["request"]["content_type"] == "application/grpc" and rec["response"]["status"] == 200
        assert set(rec["grpc"]) == {"service", "method", "streaming", "code", "status", "message", "details",
                                    "trailers"}
    watch = next(r for r in recs if r["grpc"]["method"] == "WatchOrder")
    assert watch["grpc"]["streaming"] == "server" and [e["state"] for e in watch["response"]["body"]] == [
        "PLACED", "SHIPPED"]
    missing = next(r for r in recs if r["grpc"]["status"] == "NOT_FOUND")
    assert missing["request"]["body"] == {"order_id": "4242"} and missing["response"]["body"] is None
    assert missing["grpc"]["message"] == "order 4242 not found"
    bad = next(r for r in recs if r["grpc"]["status"] == "INVALID_ARGUMENT")
    assert bad["grpc"]["details"][0]["@type"] == "type.googleapis.com/google.rpc.BadRequest"
    assert bad["violations"] == [{"side": "request", "kind": "schema", "field": "body.order.quantity",
                                  "message": "maximum 100"}]
    listed = next(r for r in recs if r["grpc"]["method"] == "ListOrders")
    assert listed["response"]["body"]["orders"][0]["sku"] == "BOOK-1" and listed["violations"] == []


PLANTED = ("sk_live_PLANTEDKEY42", "s3cr3t-session-cookie", "PLANTEDBEARER99", "leak.me@example.com",
           "hidden.buyer@example.com", "4111111111111111")


def test_secrets_and_pii_in_messages_metadata_and_status_never_reach_disk(svc, tmp_path):
    out = str(tmp_path / "rec")
    metadata = [("authorization", f"Bearer {PLANTED[2]}"), ("x-api-key", PLANTED[0]),
                ("cookie", f"session={PLANTED[1]}")]
    with running("v1") as upstream, grpc_proxy(upstream, out) as proxy:
        with Caller(proxy.address) as caller:
            created = caller.call(svc.method(SERVICE + "CreateOrder"), [
                {"order": {"customer_email": PLANTED[4], "sku": "CARD-1", "quantity": 1},
                 "request_id": f"card {PLANTED[5]}"}], metadata=metadata)
            assert created.code == 0 and created.responses[0]["customer_email"] == PLANTED[4]
            # the service quotes the id in grpc-message: an e-mail there must go too
            missing = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": PLANTED[3]}], metadata=metadata)
            assert missing.status == "NOT_FOUND" and PLANTED[3] in missing.message
        proxy.stop()
    recs = records(out)
    assert len(recs) == 2
    for root, _, files in os.walk(out):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            for secret in PLANTED:
                assert secret not in text, (secret, name)
    redacted = set(recs[0]["redacted"]) | set(recs[1]["redacted"])
    assert {"request.headers.authorization", "request.headers.x-api-key", "request.headers.cookie",
            "request.body.order.customer_email", "response.body.customer_email", "grpc.message"} <= redacted


def test_enforce_answers_invalid_argument_with_field_violations_before_the_service(svc, tmp_path):
    out = str(tmp_path / "rec")
    with running("v1") as upstream, grpc_proxy(upstream, out, "--enforce") as proxy:
        with Caller(upstream) as direct:  # the service itself answers an empty id with NOT_FOUND
            assert direct.call(svc.method(SERVICE + "GetOrder"), [{"order_id": ""}]).status == "NOT_FOUND"
        with Caller(proxy.address) as caller:
            empty = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": ""}])
            huge = caller.call(svc.method(SERVICE + "ListOrders"), [{"page_size": 51}])
            fine = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "1001"}])
        assert 'apilint_proxy_rejected_total{operation="/shop.orders.v1.OrderService/GetOrder"} 1' in (
            proxy.metrics())
        proxy.stop()
    assert empty.status == "INVALID_ARGUMENT" and empty.message == "request violates the proto's constraints"
    assert empty.details == [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                              "field_violations": [{"field": "body.order_id",
                                                    "description": "required field is missing"}]}]
    assert huge.status == "INVALID_ARGUMENT"
    assert huge.details[0]["field_violations"] == [{"field": "body.page_size", "description": "maximum 50"}]
    assert fine.status == "OK" and fine.responses[0]["order_id"] == "1001"
    recs = records(out)
    rejected = [r for r in recs if r["grpc"]["status"] == "INVALID_ARGUMENT"]
    assert len(recs) == 3 and len(rejected) == 2
    assert all(r["violations"] and r["violations"][0]["side"] == "request" for r in rejected)


def _raw_unary(address: str, path: str, payload: bytes) -> tuple:
    with grpc.insecure_channel(address) as channel:
        stub = channel.unary_unary(path, request_serializer=bytes, response_deserializer=bytes)
        try:
            return "ok", stub(payload, timeout=10)
        except grpc.RpcError as error:
            return error.code(), error.details()


@pytest.mark.parametrize("enforce", [(), ("--enforce",)], ids=["record", "enforce"])
def test_unknown_methods_and_undecodable_messages_pass_through_untouched_and_are_counted(tmp_path, enforce):
    out = str(tmp_path / "rec")
    unknown = ("/shop.orders.v1.OrderService/Nope", b"\x0a\x01x")
    garbage = (SERVICE + "GetOrder", b"\xff\xff\xff\xff")
    with running("v1") as upstream, grpc_proxy(upstream, out, *enforce) as proxy:
        direct = [_raw_unary(upstream, *call) for call in (unknown, garbage)]
        proxied = [_raw_unary(proxy.address, *call) for call in (unknown, garbage)]
        proxy.stop()
    assert proxied == direct
    assert direct[0][0] == grpc.StatusCode.UNIMPLEMENTED
    recs = records(out)
    assert len(recs) == 2
    nope = next(r for r in recs if r["request"]["path"].endswith("/Nope"))
    assert nope["operation"] is None and nope["grpc"]["status"] == "UNIMPLEMENTED"
    assert nope["request"]["body"] is None and nope["request"]["body_note"] == {"omitted": "undecodable", "bytes": 8}
    bad = next(r for r in recs if r["request"]["path"].endswith("/GetOrder"))
    assert bad["operation"] == SERVICE + "GetOrder" and bad["request"]["body_note"]["omitted"] == "undecodable"


def test_undecodable_calls_are_counted_in_metrics_and_logged_once(tmp_path):
    out = str(tmp_path / "rec")
    with running("v1") as upstream, grpc_proxy(upstream, out) as proxy:
        for _ in range(2):
            _raw_unary(proxy.address, "/shop.orders.v1.OrderService/Nope", b"")
        _raw_unary(proxy.address, SERVICE + "GetOrder", b"\xff\xff\xff\xff")
        text = wait_for_metric(proxy, 'apilint_proxy_grpc_undecoded_total{reason="unknown_method"} 2')  # type: ignore[arg-type]
        assert 'apilint_proxy_grpc_undecoded_total{reason="undecodable_message"} 1' in text
        err = proxy.stop()
    assert err.count("/shop.orders.v1.OrderService/Nope passed through") == 1
    assert "GetOrder passed through and recorded without its messages (undecodable message)" in err


@pytest.mark.parametrize("args, says", [
    (["--upstream", "grpc://127.0.0.1", "--proto", str(PROTOS)], "needs a port"),
    (["--upstream", "grpc://127.0.0.1:1"], "needs --proto"),
    (["--upstream", "grpc://127.0.0.1:1", "--proto", "/nonexistent/protos"], "/nonexistent/protos"),
    (["--upstream", "http://127.0.0.1:1", "--proto", str(PROTOS)], "--proto needs a gRPC --upstream"),
    (["--upstream", "grpc://127.0.0.1:1", "--proto", str(PROTOS), "--spec", "x.yaml"], "--spec is for HTTP"),
], ids=["no-port", "no-proto", "missing-proto", "http-upstream", "spec"])
def test_bad_upstream_or_proto_is_one_line_and_exit_2(args, says):
    done = subprocess.run([sys.executable, "-m", "apilint", "proxy", *args, "--listen", "127.0.0.1:0"], cwd=ROOT,
                          env=env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_proto_that_does_not_compile_is_named_with_its_line(tmp_path):
    (tmp_path / "bad.proto").write_text('syntax = "proto3";\nmessage A { strin x = 1; }\n')
    done = subprocess.run([sys.executable, "-m", "apilint", "proxy", "--upstream", "grpc://127.0.0.1:1", "--proto",
                           str(tmp_path), "--listen", "127.0.0.1:0"], cwd=ROOT, env=env(), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "bad.proto:2:" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_sigterm_lets_calls_finish_without_http1_headers_on_http2_answers(svc, tmp_path):
    out = str(tmp_path / "rec")
    outcomes: list[str] = []
    with running("v1") as upstream, grpc_proxy(upstream, out) as proxy:
        stop_at = time.monotonic() + 3.0

        def loop() -> None:
            with Caller(proxy.address) as caller:
                while time.monotonic() < stop_at:
                    outcomes.append(caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "1001"}],
                                                timeout=5).status)

        threads = [threading.Thread(target=loop) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        proxy.proc.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join()
        proxy.stop()
    assert set(outcomes) <= {"OK", "UNAVAILABLE"} and outcomes.count("OK") > 10  # never a broken answer
    recs = records(out)
    assert len(recs) == outcomes.count("OK")
    assert not [r for r in recs if any(name == "connection" for name, _ in r["response"]["headers"])]


def test_the_in_process_writer_records_grpc_calls_too(svc, tmp_path):
    out = str(tmp_path / "rec")
    with running("v1") as upstream, grpc_proxy(upstream, out, "--workers", "0") as proxy:
        got = _call(proxy.address, svc, "GetOrder", {"order_id": "1001"}, [("authorization", "Bearer PLANTED77")])
        proxy.stop()
    assert got[0] == 0
    (rec,) = records(out)
    assert rec["operation"] == SERVICE + "GetOrder" and rec["response"]["body"]["customer_email"] == "<redacted:email>"
    assert "PLANTED77" not in str(rec)
