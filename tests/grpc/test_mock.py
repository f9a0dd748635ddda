"""`apilint mock SOURCE --proto PROTO_ROOT` as a real process: a grpcio client gets the recorded answers of
hand-written gRPC contracts and of a recording of the example service; a miss is UNIMPLEMENTED naming the
nearest interaction; bad input is one line and exit 2."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest

from apilint.grpc import record
from apilint.grpc.client import Caller
from apilint.grpc.descriptors import Services
from apilint.grpc.status import INVALID_ARGUMENT, NOT_FOUND, OK, UNIMPLEMENTED
from apilint.mock.grpc_app import GrpcMock
from apilint.replay.loading import load
from tests.grpc.recorder import record_calls
from tests.grpc.service import PROTOS, ROOT, SERVICE, running, services
from tests.mock.harness import start_mock

HEADER = "contract:\n  operation: {op}\n  protocol: grpc\n  streaming: {kind}\ninteractions:\n"
GET = HEADER.format(op=SERVICE + "GetOrder", kind="unary") + f"""\
  - name: get_order_ok
    request: {{method: POST, path: {SERVICE}GetOrder, body: {{order_id: "1001"}}}}
    response:
      status: 200
      grpc: {{status: OK}}
      body: {{order_id: "1001", sku: BOOK-1, quantity: 1, state: PLACED, total_cents: "{{{{string}}}}",
             create_time: "{{{{iso_timestamp}}}}"}}
  - name: get_order_missing
    request: {{method: POST, path: {SERVICE}GetOrder, body: {{order_id: "9999"}}}}
    response: {{status: 200, grpc: {{status: NOT_FOUND, message: order 9999 not found}}}}
  - name: get_created
    request: {{method: POST, path: {SERVICE}GetOrder, body: {{order_id: "{{{{var:order_id}}}}"}}}}
    response:
      status: 200
      body: {{order_id: "{{{{var:order_id}}}}", sku: FROM-FLOW, state: PLACED}}
"""
CREATE = HEADER.format(op=SERVICE + "CreateOrder", kind="unary") + f"""\
  - name: create_invalid
    request:
      method: POST
      path: {SERVICE}CreateOrder
      body: {{order: {{customer_email: ada@example.com, sku: BOOK-1, quantity: 0}}}}
    response:
      status: 200
      grpc:
        status: INVALID_ARGUMENT
        message: invalid request
        details:
          - "@type": type.googleapis.com/google.rpc.BadRequest
            field_violations: [{{field: order.quantity, description: "{{{{non_empty_string}}}}"}}]
  - name: create_ok
    request:
      method: POST
      path: {SERVICE}CreateOrder
      body: {{order: {{customer_email: "{{{{email}}}}", sku: BOOK-1, quantity: "{{{{positive_integer}}}}"}}}}
    response:
      status: 200
      body: {{order_id: "{{{{uuid}}}}", sku: BOOK-1, state: PLACED}}
    captures: {{order_id: response.body.order_id}}
"""
WATCH = HEADER.format(op=SERVICE + "WatchOrder", kind="server") + f"""\
  - name: watch
    request: {{method: POST, path: {SERVICE}WatchOrder, body: {{order_id: "1001"}}}}
    response:
      status: 200
      body: [{{order_id: "1001", state: PLACED, note: placed}}, {{order_id: "1001", state: SHIPPED, note: shipped}}]
  - name: watch_missing
    request: {{method: POST, path: {SERVICE}WatchOrder, body: {{order_id: "9999"}}}}
    response: {{status: 200, grpc: {{status: NOT_FOUND, message: "{{{{non_empty_string}}}}"}}, body: []}}
"""
CONTRACTS = {"get.yaml": GET, "create.yaml": CREATE, "watch.yaml": WATCH}


@pytest.fixture(scope="module")
def svc() -> Services:
    return services()


def write_contracts(folder: Path, **changed: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**CONTRACTS, **changed}.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def contracts(tmp_path_factory) -> Path:
    return write_contracts(tmp_path_factory.mktemp("grpc-contracts"))


def grpc_mock(source: Path | str, *extra: str):
    return start_mock(str(source), "--proto", str(PROTOS), *extra)


def address(mock) -> str:
    return f"127.0.0.1:{mock.port}"


def test_contracts_are_served_unary_errors_with_details_and_streams(contracts, svc, tmp_path):
    mock = grpc_mock(contracts, "--journal", str(tmp_path / "journal.json"))
    try:
        assert f"7 gRPC interactions from {contracts}; listening at grpc://127.0.0.1:{mock.port}" in "".join(mock.lines)
        with Caller(address(mock)) as caller:
            ok = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "1001"}])
            missing = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "9999"}])
            invalid = caller.call(svc.method(SERVICE + "CreateOrder"),
                                  [{"order": {"customer_email": "ada@example.com", "sku": "BOOK-1"}}])
            watched = caller.call(svc.method(SERVICE + "WatchOrder"), [{"order_id": "1001"}])
            unwatched = caller.call(svc.method(SERVICE + "WatchOrder"), [{"order_id": "9999"}])
    finally:
        code, err = mock.stop()
    [order] = ok.responses
    assert ok.code == OK and ok.trailers == [("x-apilint-mock", "hit")]
    assert order["order_id"] == "1001" and order["state"] == "PLACED" and order["sku"] == "BOOK-1"
    assert order["total_cents"].isdigit() and order["create_time"].startswith("20")  # fitted to int64, fresh time
    assert (missing.code, missing.message, missing.responses) == (NOT_FOUND, "order 9999 not found", [])
    assert invalid.code == INVALID_ARGUMENT and invalid.message == "invalid request"  # quantity 0: proto3's unset
    assert invalid.details == [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                                "field_violations": [{"field": "order.quantity", "description": "apilint"}]}]
    assert watched.code == OK and [e["note"] for e in watched.responses] == ["placed", "shipped"]
    assert unwatched.code == NOT_FOUND and unwatched.message and unwatched.responses == []
    assert code == 0, err
    journal = json.loads((tmp_path / "journal.json").read_text())
    assert journal["summary"] == {"interactions": 7, "used": 5, "unused": 2, "hits": 5, "misses": 0}


def test_an_id_handed_out_is_accepted_later_and_echoed(contracts, svc):
    mock = grpc_mock(contracts)
    try:
        with Caller(address(mock)) as caller:
            created = caller.call(svc.method(SERVICE + "CreateOrder"),
                                  [{"order": {"customer_email": "bo@example.com", "sku": "BOOK-1", "quantity": 2}}])
            new_id = created.responses[0]["order_id"]
            again = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": new_id}])
            other = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "1234"}])
    finally:
        mock.stop()
    assert created.code == OK and len(new_id) == 36
    assert again.responses[0] == {"order_id": new_id, "sku": "FROM-FLOW", "state": "PLACED"}
    assert other.responses[0]["order_id"] == "1234" and other.responses[0]["sku"] == "BOOK-1"  # echoed, recorded


def test_a_miss_is_unimplemented_naming_the_nearest_interaction_and_the_first_difference(contracts, svc, tmp_path):
    mock = grpc_mock(contracts, "--journal", str(tmp_path / "journal.json"))
    try:
        with Caller(address(mock)) as caller:
            wrong = caller.call(svc.method(SERVICE + "CreateOrder"),
                                [{"order": {"customer_email": "ada@example.com", "sku": "PEN-2", "quantity": 0}}])
            unrecorded = caller.call(svc.method(SERVICE + "ListOrders"), [{}])
            unknown = caller.channel.unary_unary(SERVICE + "Nope", request_serializer=bytes,
                                                 response_deserializer=bytes)
            with pytest.raises(grpc.RpcError) as error:
                unknown(b"", timeout=10)
    finally:
        code, err = mock.stop()
    assert wrong.code == UNIMPLEMENTED and wrong.trailers == [("x-apilint-mock", "miss")]
    assert wrong.message.startswith("apilint mock: no recorded interaction matches: POST /shop.orders.v1.OrderService"
                                    "/CreateOrder: nearest is 'create_invalid'")
    assert "body.order.sku: value differs (expected 'BOOK-1', got 'PEN-2')" in wrong.message
    assert unrecorded.code == UNIMPLEMENTED and "ListOrders" in unrecorded.message
    assert error.value.code() == grpc.StatusCode.UNIMPLEMENTED
    assert f"{SERVICE}Nope is no RPC of the protos" in error.value.details()
    assert code == 1 and "apilint mock: 0 hits, 3 misses" in err
    misses = json.loads((tmp_path / "journal.json").read_text())["misses"]
    assert [m["request"]["path"] for m in misses] == [SERVICE + "CreateOrder", SERVICE + "ListOrders", SERVICE + "Nope"]
    assert misses[0]["nearest"]["name"] == "create_invalid"


CALLS = [(SERVICE + "GetOrder", [{"order_id": "1001"}]), (SERVICE + "GetOrder", [{"order_id": "404"}]),
         (SERVICE + "ListOrders", [{"page_size": 1}]),
         (SERVICE + "CreateOrder", [{"order": {"customer_email": "nope", "sku": "BOOK-1", "quantity": 1}}]),
         (SERVICE + "WatchOrder", [{"order_id": "1002"}])]


def test_a_recording_of_the_example_service_is_answered_as_recorded(svc, tmp_path):
    with running("v1") as target:
        recorded = record_calls(svc, target, [(path, requests[0], []) for path, requests in CALLS], tmp_path / "rec")
    assert [r["grpc"]["status"] for r in recorded] == ["OK", "NOT_FOUND", "OK", "INVALID_ARGUMENT", "OK"]
    segment = tmp_path / "rec" / "grpc.jsonl"
    lines = segment.read_text().splitlines()
    undecoded = json.loads(lines[0]) | {"id": "u1", "operation": None}  # the proxy could not decode it
    undecoded["request"] = undecoded["request"] | {"body": None, "body_note": {"omitted": "undecodable"}}
    unknown = json.loads(lines[0]) | {"id": "u2", "operation": SERVICE + "Gone"}
    unknown["request"] = unknown["request"] | {"path": SERVICE + "Gone"}
    with segment.open("a") as fh:
        fh.write(json.dumps(undecoded) + "\n" + json.dumps(unknown) + "\n")
    mock = grpc_mock(tmp_path / "rec")
    try:
        with Caller(address(mock)) as caller:
            served = [caller.call(svc.method(path), requests) for path, requests in CALLS]
    finally:
        code, err = mock.stop()
    for direct, mocked in zip(recorded, served, strict=True):
        call = direct["grpc"]
        answers = record.messages(direct["response"]["body"], record.response_streams(call["streaming"]))
        assert (mocked.code, mocked.message, mocked.details, mocked.responses) == \
            (call["code"], call["message"], call["details"], answers)
    assert recorded[3]["grpc"]["details"][0]["field_violations"][0]["field"] == "order.customer_email"
    assert code == 0, err
    assert "apilint mock: 2 recorded line(s) skipped; first: " in err and "recorded undecoded" in err


def test_sigint_stops_it_cleanly(contracts):
    mock = grpc_mock(contracts)
    mock.proc.send_signal(signal.SIGINT)
    code, err = mock.stop()
    assert code == 0 and "0 hits, 0 misses" in err and "Traceback" not in err


def run_mock(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "apilint", "mock", *args, "--listen", "127.0.0.1:0"],
                          cwd=cwd or ROOT, capture_output=True, text=True, timeout=60)


HTTP = "interactions:\n  - request: {method: GET, path: /v1/orders}\n    response: {status: 200}\n"


@pytest.mark.parametrize(("files", "extra", "says"), [
    ({"http.yaml": HTTP}, ("--proto", str(PROTOS)), "http.yaml:2: interaction 'GET /v1/orders' is HTTP: a gRPC mock"),
    ({}, (), "create.yaml:6: interaction 'create_invalid' is a gRPC call: serve gRPC interactions with --proto"),
    ({"bad.yaml": GET.replace("quantity: 1", "quantity: many")}, ("--proto", str(PROTOS)),
     "bad.yaml:6: interaction 'get_order_ok': its answer does not fit /shop.orders.v1.OrderService/GetOrder"),
    ({"bad.yaml": GET.replace(f"{SERVICE}GetOrder, body: {{order_id: \"1001\"", f"{SERVICE}Gone, body: {{order_id: \"1001\"")},
     ("--proto", str(PROTOS)), "bad.yaml:6: interaction 'get_order_ok': /shop.orders.v1.OrderService/Gone is no RPC"),
    ({"bad.yaml": WATCH.replace("streaming: server", "streaming: unary")}, ("--proto", str(PROTOS)),
     "bad.yaml:6: interaction 'watch': streaming unary, the protos say server"),
    ({}, ("--proto", str(PROTOS), "--spec", "x.yaml"), "--spec does not apply to a gRPC mock (--proto)"),
    ({}, ("--proto", "no/such/protos"), "no/such/protos"),
], ids=["mixed", "no-proto", "unfit", "unknown-rpc", "streaming", "spec", "protos"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, files, extra, says):
    folder = write_contracts(tmp_path / "c")
    for name, text in files.items():
        (folder / name).write_text(text)
    if "bad.yaml" in files:
        (folder / "get.yaml").unlink()
        (folder / "watch.yaml").unlink()
    done = run_mock("c", *extra, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and says in done.stderr, done.stderr


def test_a_port_in_use_is_exit_2(contracts):
    mock = grpc_mock(contracts)
    try:
        done = subprocess.run([sys.executable, "-m", "apilint", "mock", str(contracts), "--proto", str(PROTOS),
                               "--listen", f"127.0.0.1:{mock.port}"], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
    finally:
        mock.stop()
    assert done.returncode == 2 and f"--listen 127.0.0.1:{mock.port}: cannot listen" in done.stderr


def test_in_process_a_request_naming_a_default_value_matches_and_int64_literals_are_strings(svc, tmp_path):
    (tmp_path / "c.yaml").write_text(HEADER.format(op=SERVICE + "ListOrders", kind="unary") + f"""\
  - name: first_page
    request: {{method: POST, path: {SERVICE}ListOrders, body: {{page_size: 0, page_token: ""}}}}
    response: {{status: 200, body: {{orders: [{{order_id: "1", total_cents: 1250}}], next_page_token: "{{{{string}}}}"}}}}
""")
    mock = GrpcMock(load(str(tmp_path), []), svc)
    reply = mock.call(SERVICE + "ListOrders", [b""], [])
    assert reply.code == OK and reply.hit
    method = svc.method(SERVICE + "ListOrders")
    assert method.response.FromString(reply.messages[0]).orders[0].total_cents == 1250


def test_latency_and_faults_per_interaction_and_globally(contracts, svc, tmp_path):
    faulty = WATCH.replace("  - name: watch\n", "  - name: watch\n    mock: {fault: reset}\n", 1)
    folder = write_contracts(tmp_path / "c", **{"watch.yaml": faulty})
    assert "mock: {fault: reset}" in (folder / "watch.yaml").read_text()
    mock = grpc_mock(folder, "--latency", "300")
    try:
        with Caller(address(mock)) as caller:
            started = time.monotonic()
            slow = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "1001"}])
            waited = time.monotonic() - started
            reset = caller.call(svc.method(SERVICE + "WatchOrder"), [{"order_id": "1001"}])
    finally:
        mock.stop()
    assert slow.code == OK and waited >= 0.3
    assert reset.code == grpc.StatusCode.UNAVAILABLE.value[0] and "fault injected" in reset.message
    mock = grpc_mock(folder, "--fault", "timeout")
    try:
        with Caller(address(mock)) as caller:
            timed_out = caller.call(svc.method(SERVICE + "GetOrder"), [{"order_id": "1001"}], timeout=0.5)
    finally:
        code, err = mock.stop()
    assert timed_out.code == grpc.StatusCode.DEADLINE_EXCEEDED.value[0] and code == 0, err


STREAMS = """syntax = "proto3";
package t.v1;
message Part { string name = 1; int64 size = 2; }
message Total { int64 size = 1; repeated string names = 2; }
service Parts {
  rpc Upload(stream Part) returns (Total);
  rpc Echo(stream Part) returns (stream Part);
}
"""


def write_streams(tmp_path: Path) -> Services:
    (tmp_path / "protos").mkdir()
    (tmp_path / "protos" / "parts.proto").write_text(STREAMS)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "upload.yaml").write_text(HEADER.format(op="/t.v1.Parts/Upload", kind="client") + """\
  - name: upload_two
    request: {method: POST, path: /t.v1.Parts/Upload, headers: {authorization: "{{redacted}}"},
              body: [{name: a, size: 1}, {name: "{{non_empty_string}}"}]}
    response: {status: 200, body: {size: 3, names: [a, b]}}
""")
    (tmp_path / "c" / "echo.yaml").write_text(HEADER.format(op="/t.v1.Parts/Echo", kind="bidi") + """\
  - name: echo
    request: {method: POST, path: /t.v1.Parts/Echo, body: [{name: a}]}
    response: {status: 200, body: [{name: a}, {name: a, size: "{{string}}"}]}
""")
    return Services.compile(str(tmp_path / "protos"))


def test_in_process_client_and_bidi_streams_match_the_message_list(tmp_path):
    parts = write_streams(tmp_path)
    mock = GrpcMock(load(str(tmp_path / "c"), []), parts)
    part, total = parts.message_class("t.v1.Part"), parts.message_class("t.v1.Total")
    two = [part(name="a", size=1).SerializeToString(), part(name="b").SerializeToString()]
    reply = mock.call("/t.v1.Parts/Upload", two, [("authorization", "Bearer x")])
    assert reply.hit and total.FromString(reply.messages[0]) == total(size=3, names=["a", "b"])
    unauthorised = mock.call("/t.v1.Parts/Upload", two, [])
    assert unauthorised.code == UNIMPLEMENTED and "headers.authorization: header missing" in unauthorised.message
    one_only = mock.call("/t.v1.Parts/Upload", two[:1], [("authorization", "Bearer x")])
    assert "body: expected an array of 2" in one_only.message
    echoed = mock.call("/t.v1.Parts/Echo", [part(name="a").SerializeToString()], [])
    assert [part.FromString(m).name for m in echoed.messages] == ["a", "a"]
    assert part.FromString(echoed.messages[1]).size == 1  # {{string}} fitted to the int64
    garbage = mock.call("/t.v1.Parts/Echo", [b"\xff\xff"], [])
    assert garbage.code == UNIMPLEMENTED and "the request does not decode" in garbage.message
    assert mock.journal.to_dict()["summary"]["misses"] == 3


def test_client_and_bidi_streams_are_served(tmp_path):
    parts = write_streams(tmp_path)
    mock = start_mock(str(tmp_path / "c"), "--proto", str(tmp_path / "protos"))
    try:
        with Caller(address(mock)) as caller:
            upload = caller.call(parts.method("/t.v1.Parts/Upload"), [{"name": "a", "size": "1"}, {"name": "b"}],
                                 metadata=[("authorization", "Bearer x")])
            echo = caller.call(parts.method("/t.v1.Parts/Echo"), [{"name": "a"}])
    finally:
        code, err = mock.stop()
    assert upload.code == OK and upload.responses == [{"size": "3", "names": ["a", "b"]}]
    assert echo.code == OK and echo.responses == [{"name": "a"}, {"name": "a", "size": "1"}]
    assert code == 0, err
