"""`apilint fuzz --proto --target grpc://`: the example service's planted bug is found and reproduces, v1 passes,
bad input is one line; the generators stay within (or break exactly one of) the proto's bounds."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from apilint.fuzz import grpc_cases
from apilint.fuzz.grpc_checks import Paging, check, paging
from apilint.grpc import codec
from apilint.grpc.client import Caller, Outcome
from apilint.grpc.schema import message_schema
from apilint.grpc.status import INTERNAL, INVALID_ARGUMENT, NOT_FOUND, OK
from tests.conftest import run_cli
from tests.grpc.service import PROTOS, SERVICE, running, services

LIST = SERVICE + "ListOrders"


def fuzz(*args: str) -> tuple[int, dict, str]:
    proc = run_cli("fuzz", "--proto", str(PROTOS), *args, "--format", "json")
    data = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    return proc.returncode, data, proc.stderr


def results(data: dict) -> dict[tuple[str, str], dict]:
    return {(r["path"], r["name"]): r for r in data["results"]}


@pytest.mark.slow
def test_v3_internal_on_a_bad_page_size_is_found_shrunk_and_reproduces():
    with running("v3") as address:
        code, data, stderr = fuzz("--target", f"grpc://{address}", "--max-examples", "15", "--rpc", "ListOrders")
        assert code == 1, stderr
        found = results(data)
        rejected = found[(LIST, "apilint_invalid_input_rejected")]
        assert rejected["outcome"] == "breaking" and rejected["method"] == "POST"
        difference = rejected["differences"][0]
        assert "page_size" in difference["message"] and difference["actual"] == "INTERNAL"
        assert rejected["example"] == {"page_size": 51}  # shrunk to the smallest value past the bound
        assert rejected["curl"].startswith("grpcurl -plaintext -import-path ")
        assert "-d '{\"page_size\":51}'" in rejected["curl"] and rejected["curl"].endswith(
            "shop.orders.v1.OrderService/ListOrders")
        leak = found[(LIST, "apilint_no_leaks")]
        assert leak["outcome"] == "breaking" and "stack trace" in leak["differences"][0]["message"]
        assert found[(LIST, "apilint_pagination")]["outcome"] == "pass"
        assert {path for path, _ in found} == {LIST}  # --rpc kept to one RPC
        with Caller(address) as caller:  # the example reproduces while the server still runs
            again = caller.call(services().method(LIST), [rejected["example"]])
        assert again.code == INTERNAL and "Traceback" in again.message


@pytest.mark.slow
def test_v1_passes_and_its_unenforced_bounds_are_warnings():
    with running("v1") as address:
        code, data, stderr = fuzz("--target", f"grpc://{address}", "--max-examples", "10")
    assert code == 0, stderr
    assert data["summary"]["breaking"] == 0 and data["cases"] > 40
    found = results(data)
    assert {path.rsplit("/", 1)[1] for path, _ in found} == {"GetOrder", "ListOrders", "CreateOrder", "WatchOrder"}
    warned = found[(SERVICE + "GetOrder", "apilint_invalid_input_rejected")]  # NOT_FOUND for an empty id
    assert warned["outcome"] == "warning" and warned["differences"][0]["actual"] == "NOT_FOUND"


@pytest.mark.parametrize(("args", "says"), [
    (["--proto", "nope/", "--target", "grpc://127.0.0.1:1"], "nope: no such file or folder"),
    (["--proto", "BAD", "--target", "grpc://127.0.0.1:1"], "bad.proto:2:"),
    (["--proto", str(PROTOS), "--target", "grpc://127.0.0.1"], "needs a port"),
    (["--proto", str(PROTOS), "--target", "http://127.0.0.1:1"], "expected grpc://HOST:PORT"),
    (["--target", "grpc://127.0.0.1:1"], "needs --proto"),
    (["--proto", str(PROTOS), "--target", "grpc://127.0.0.1:1", "--rpc", "Nope"], "--rpc Nope: no such RPC"),
    (["--proto", str(PROTOS), "--target", "grpc://127.0.0.1:1"], "cannot connect to 127.0.0.1:1"),
], ids=["missing-proto", "bad-proto", "no-port", "http-target", "no-proto", "unknown-rpc", "unreachable"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, says):
    (tmp_path / "bad.proto").write_text('syntax = "proto3";\nmessage A { strin x = 1; }\n')
    args = [str(tmp_path) if a == "BAD" else a for a in args]
    proc = run_cli("fuzz", *args)
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


KITCHEN = """syntax = "proto3";
package k.v1;
import "google/api/field_behavior.proto";
import "google/protobuf/timestamp.proto";
import "validate/validate.proto";
service K { rpc Put(Thing) returns (Thing); }
message Thing {
  string name = 1 [(google.api.field_behavior) = REQUIRED, (validate.rules).string = {min_len: 2, max_len: 8}];
  int64 big = 2 [(validate.rules).int64 = {gt: 10, lte: 20}];
  uint32 small = 3 [(validate.rules).uint32.lt = 5];
  bytes blob = 4 [(validate.rules).bytes.max_len = 4];
  repeated string tags = 5 [(validate.rules).repeated = {min_items: 1, max_items: 3}];
  map<int32, Child> children = 6;
  google.protobuf.Timestamp when = 7;
  Kind kind = 8 [(validate.rules).enum.defined_only = true];
  oneof choice { string left = 9; double right = 10 [(validate.rules).double = {gte: 0.5, lt: 2}]; }
  string email = 11 [(validate.rules).string.email = true];
  string id = 12 [(google.api.field_behavior) = OUTPUT_ONLY];
  Thing parent = 13;
  string code = 14 [(validate.rules).string.pattern = "^[A-Z]{3}$"];
  bytes magic = 15 [(validate.rules).bytes = {in: ["ab", "cd"]}];
  enum Kind { KIND_UNSPECIFIED = 0; A = 1; }
}
message Child { string name = 1 [(validate.rules).string.max_len = 8]; }
"""


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory):
    root = tmp_path_factory.mktemp("kitchen")
    (root / "k.proto").write_text(KITCHEN)
    from apilint.grpc.descriptors import Services

    method = Services.compile(str(root)).method("/k.v1.K/Put")
    return method, message_schema(method.input)


def test_message_schema_inlines_nested_messages_with_bounds_and_proto3_json_shapes(kitchen):
    _, schema = kitchen
    props = schema["properties"]
    assert schema["required"] == ["name"] and props["name"]["minLength"] == 2
    assert props["big"] == {**props["big"], "type": "integer", "format": "int64", "exclusiveMinimum": 10, "maximum": 20}
    assert props["magic"]["enum"] == ["YWI=", "Y2Q="]  # bytes as proto3 JSON writes them
    assert props["blob"]["format"] == "byte" and props["when"]["format"] == "date-time"
    assert props["children"]["propertyNames"] == {"pattern": "^-?[0-9]+$"}
    assert props["children"]["additionalProperties"]["properties"]["name"]["maxLength"] == 8  # inlined
    assert props["parent"]["type"] == "object" and "properties" not in props["parent"]  # recursion stops at once
    assert props["id"]["readOnly"] and props["left"]["x-proto"]["oneof"] == "choice"


_VALIDATOR = jsonschema.Draft202012Validator
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def _errors(schema: dict, message: dict) -> list:
    """JSON-schema errors of a message, formats checked."""
    return list(_VALIDATOR(schema, format_checker=_VALIDATOR.FORMAT_CHECKER).iter_errors(message))


def test_valid_messages_fit_every_bound_and_encode(kitchen):
    method, schema = kitchen

    @_SETTINGS
    @given(grpc_cases.valid(schema))
    def valid(message):
        codec.encode(method.request, message)
        assert "id" not in message and not {"left", "right"} <= set(message)
        assert not [e for e in _errors(schema, message) if "blob" not in e.json_path], message  # blob: bytes, base64

    valid()


def test_invalid_messages_break_exactly_one_bound_and_still_encode(kitchen):
    method, schema = kitchen
    named = {v.what for v in grpc_cases.violations(schema)}
    assert {"required name missing", "big below its minimum 11", "small above its maximum 4",
            "code not matching '^[A-Z]{3}$'", "email not a valid email", "tags with fewer than 1 items",
            "right at or above 2.0"} <= named

    @_SETTINGS
    @given(grpc_cases.invalid(schema))
    def invalid(case):
        message, what = case
        codec.encode(method.request, message)
        errors = [e for e in _errors(schema, message) if not (e.validator == "maxLength" and "blob" in e.json_path)]
        if what.startswith("blob"):
            return  # base64 text: its bound counts bytes, not characters
        assert len(errors) == 1 or what.startswith(("code", "email")), (what, message, [e.message for e in errors])

    invalid()


def test_pages_that_repeat_an_item_fail_and_echoed_input_is_no_leak():
    list_method = services().method(LIST)
    pages = paging(message_schema(list_method.input), message_schema(list_method.output))
    assert pages == Paging("orders", "order_id")
    first = Outcome(OK, None, responses=[{"orders": [{"order_id": "1"}, {"order_id": "2"}], "next_page_token": "2"}])
    overlapping = Outcome(OK, None, responses=[{"orders": [{"order_id": "2"}], "next_page_token": ""}])
    found = check({"page_size": 2}, None, first, pages, lambda request: overlapping)
    assert [f.check for f in found] == ["apilint_pagination"] and "order_id=2 is on page 1 and again on page 2" \
        in found[0].message
    echo = Outcome(NOT_FOUND, "order localhost-ValueError not found")
    assert check({"order_id": "localhost-ValueError"}, None, echo, None, lambda r: echo) == []
    bare = Outcome(INVALID_ARGUMENT, "bad")
    assert [(f.check, f.severity) for f in check({}, "x missing", bare, None, lambda r: bare)] == [
        ("apilint_error_details", "warning")]


def test_the_grpcurl_command_filters_metadata_and_speaks_tls_for_grpcs():
    from apilint.fuzz.grpc_runner import GrpcFuzz
    from apilint.target import parse_grpc_target

    fuzzer = GrpcFuzz(parse_grpc_target("grpcs://api.test:443"), str(PROTOS), metadata=[("authorization", "s3cret")],
                      max_examples=1, seed=0, deadline_s=1)
    command = fuzzer.reproduce(services().method(LIST), {"page_token": "it's"})
    fuzzer.caller.close()
    assert "s3cret" not in command and "-H 'authorization: [Filtered]'" in command and "-plaintext" not in command
    assert """-d '{"page_token":"it'"'"'s"}' api.test:443 shop.orders.v1.OrderService/ListOrders""" in command
