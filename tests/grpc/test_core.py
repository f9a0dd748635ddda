"""apilint.grpc's core against the example service run as a real process: descriptors from the protos, the
wire framing, JSON <-> messages, status trailers with google.rpc details, and calls without generated code."""

from __future__ import annotations

import gzip
import struct

import pytest

from apilint.errors import InputError
from apilint.grpc import codec, status, wire
from apilint.grpc.client import Caller
from apilint.grpc.descriptors import SERVER_STREAM, UNARY, Services
from apilint.target import parse_grpc_target
from tests.grpc.service import SERVICE, running, services


@pytest.fixture(scope="module")
def svc() -> Services:
    return services()


def test_methods_are_found_by_their_http2_path(svc):
    get = svc.method(SERVICE + "GetOrder")
    assert get.service == "shop.orders.v1.OrderService" and get.name == "GetOrder" and get.streaming == UNARY
    assert svc.method(SERVICE + "WatchOrder").streaming == SERVER_STREAM
    assert svc.method(SERVICE + "Nope") is None
    assert svc.message_class("shop.orders.v1.Order") is not None and svc.message_class("x.Y") is None


def test_a_proto_that_does_not_compile_is_one_line_with_its_position(tmp_path):
    (tmp_path / "bad.proto").write_text('syntax = "proto3";\nmessage A { strin x = 1; }\n')
    with pytest.raises(InputError) as error:
        Services.compile(str(tmp_path))
    assert "bad.proto:2:" in str(error.value)


def test_frames_round_trip_and_compressed_messages_inflate():
    body = wire.frame(b"abc") + wire.frame(b"") + struct.pack(">BI", 1, len(gzip.compress(b"zz"))) + gzip.compress(b"zz")
    assert wire.messages(body, "gzip") == [b"abc", b"", b"zz"]


@pytest.mark.parametrize(("body", "why"), [
    (b"\x00\x00\x00", "truncated message header"),
    (b"\x00\x00\x00\x00\x09abc", "truncated at byte"),
    (b"\x02\x00\x00\x00\x00", "bad compressed flag"),
    (b"\x01\x00\x00\x00\x01x", "grpc-encoding 'identity'"),
    (b"\x01\x00\x00\x00\x02xx", "corrupt gzip"),
])
def test_bad_frames_say_why(body, why):
    with pytest.raises(wire.FrameError, match=why):
        wire.messages(body, "gzip" if b"xx" in body else None)


def test_json_uses_proto_field_names_and_parses_either_spelling(svc):
    order = svc.message_class("shop.orders.v1.Order")
    data = codec.decode(order, codec.encode(order, {"orderId": "7", "total_cents": 5, "state": "SHIPPED"}))
    assert data == {"order_id": "7", "total_cents": "5", "state": "SHIPPED"}  # int64 is a string in proto3 JSON
    fields = order.DESCRIPTOR.fields_by_name
    assert codec.is_int64(fields["total_cents"]) and not codec.is_int64(fields["quantity"])
    with pytest.raises(codec.MessageError):
        codec.encode(order, {"quantity": "many"})
    with pytest.raises(codec.MessageError):
        codec.decode(order, b"\xff\xff\xff")


def test_unknown_fields_are_found_where_they_are(svc):
    request = svc.method(SERVICE + "CreateOrder").request
    payload = codec.encode(request, {"order": {"sku": "A"}})
    nested_extra = b"\x0a" + bytes([len(b"\x1a\x01A" + b"\xf8\x01\x05")]) + b"\x1a\x01A" + b"\xf8\x01\x05"  # field 31
    assert codec.unknown_fields(codec.parse(request, payload)) == []
    assert codec.unknown_fields(codec.parse(request, nested_extra + b"\x98\x06\x01")) == ["#99", "order.#31"]


def test_status_trailers_round_trip_with_details():
    pairs = status.trailers(3, "bad 100% input", [status.bad_request([("order.quantity", "must be >= 1")])])
    code, message, details = status.read(pairs)
    assert (code, message) == (3, "bad 100% input")
    assert details == [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                        "field_violations": [{"field": "order.quantity", "description": "must be >= 1"}]}]
    assert status.read([("grpc-status-details-bin", "!!")])[2] == [{"@type": "undecodable", "undecoded_bytes": 2}]
    assert status.code_name(5) == "NOT_FOUND" and status.code_of("not_found") == 5 and status.code_of("13") == 13


def test_grpc_targets_are_a_host_and_port():
    assert parse_grpc_target("grpc://127.0.0.1:50051").netloc == "127.0.0.1:50051"
    assert parse_grpc_target("grpcs://localhost:443").secure
    for bad in ("grpc://127.0.0.1", "http://127.0.0.1:1", "grpc://127.0.0.1:1/x", "grpc://u:p@127.0.0.1:1"):
        with pytest.raises(InputError):
            parse_grpc_target(bad)


def test_calls_without_generated_code_against_each_build(svc):
    get, create = svc.method(SERVICE + "GetOrder"), svc.method(SERVICE + "CreateOrder")
    with running("v1") as address, Caller(address) as caller:
        found = caller.call(get, [{"order_id": "1001"}], [("authorization", "Bearer t")])
        assert found.code == 0 and found.responses[0]["order_id"] == "1001" and "total_cents" in found.responses[0]
        missing = caller.call(get, [{"order_id": "9"}])
        assert (missing.status, missing.message, missing.responses) == ("NOT_FOUND", "order 9 not found", [])
        invalid = caller.call(create, [{"order": {"customer_email": "a@example.com", "sku": "A", "quantity": 0}}])
        assert invalid.status == "INVALID_ARGUMENT"
        assert invalid.details[0]["field_violations"] == [{"field": "order.quantity",
                                                            "description": "must be between 1 and 100"}]
        events = caller.call(svc.method(SERVICE + "WatchOrder"), [{"order_id": "1001"}])
        assert [e["state"] for e in events.responses] == ["PLACED", "SHIPPED"]
    with running("v2") as address, Caller(address) as caller:
        assert "total_cents" not in caller.call(get, [{"order_id": "1001"}]).responses[0]
        assert caller.call(get, [{"order_id": "9"}]).status == "INVALID_ARGUMENT"
    with running("v3") as address, Caller(address) as caller:
        bug = caller.call(svc.method(SERVICE + "ListOrders"), [{"page_size": 51}])
        assert bug.status == "INTERNAL" and "Traceback" in bug.message
