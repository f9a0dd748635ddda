"""gRPC recordings -> contracts -> replay against the example service run as real processes: clean against v1,
the break against v2 (total_cents gone, NOT_FOUND -> INVALID_ARGUMENT), a missing RPC named, bad input one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from apilint.grpc.client import Caller
from tests.conftest import run_cli
from tests.grpc.recorder import record_calls
from tests.grpc.service import PROTOS, SERVICE, running, services

pytestmark = pytest.mark.slow

SECRET = "Bearer s3cret-token"
CALLS = [
    (SERVICE + "CreateOrder", {"order": {"customer_email": "bob@example.com", "sku": "BOOK-1", "quantity": 2},
                               "request_id": "r-1"}, [("authorization", SECRET)]),
    (SERVICE + "GetOrder", {"order_id": "1005"}, [("authorization", SECRET)]),  # the id CreateOrder handed out
    (SERVICE + "GetOrder", {"order_id": "9"}, []),
    (SERVICE + "ListOrders", {"page_size": 1}, []),
    (SERVICE + "WatchOrder", {"order_id": "1001"}, []),
    (SERVICE + "CreateOrder", {"order": {"customer_email": "bob@example.com", "sku": "A", "quantity": 0}}, []),
]


def _redact(record: dict) -> None:
    """What the proxy's redaction leaves on disk: e-mail addresses and the credential replaced."""
    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                value[key] = "<redacted:email>" if key == "customer_email" else walk(item)
        elif isinstance(value, list):
            return [walk(v) for v in value]
        return value

    walk(record["request"]["body"])
    walk(record["response"]["body"])
    record["request"]["headers"] = [[k, "<redacted:token>" if k == "authorization" else v]
                                    for k, v in record["request"]["headers"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(recordings, contracts) made against a v1 that handed out two orders before (so recorded ids differ
    from what a fresh build hands out: replay must follow the flow, not the literal)."""
    root = tmp_path_factory.mktemp("grpc")
    svc = services()
    with running("v1") as address:
        with Caller(address) as caller:
            for _ in range(2):
                caller.call(svc.method(SERVICE + "CreateOrder"),
                            [{"order": {"customer_email": "x@example.com", "sku": "A", "quantity": 1}}])
        record_calls(svc, address, CALLS, root / "rec", _redact)
    done = run_cli("contracts", "build", str(root / "rec"), "--out", str(root / "contracts"))
    assert done.returncode == 0, done.stderr
    assert "6 exchanges (0 duplicates, 0 unreadable lines skipped) -> 6 interactions in 4 contract files" in done.stdout
    return root / "rec", root / "contracts"


@pytest.fixture(scope="module")
def v1():
    with running("v1") as address:
        yield address


@pytest.fixture(scope="module")
def v2():
    with running("v2") as address:
        yield address


def _replay(source: Path, address: str, *extra: str):
    done = run_cli("replay", str(source), "--target", f"grpc://{address}", "--proto", str(PROTOS),
                   "--header", "authorization: Bearer replay", *extra)
    assert done.returncode in (0, 1), done.stderr
    return done


def _results(done) -> dict[str, dict]:
    return {r["name"]: r for r in json.loads(done.stdout)["results"]}


def test_contracts_are_one_file_per_rpc_with_one_interaction_per_status(built):
    recordings, contracts = built
    files = {p.name: yaml.safe_load(p.read_text()) for p in contracts.glob("*.yaml")}
    assert set(files) == {f"shop.orders.v1.OrderService.{m}.yaml"
                          for m in ("CreateOrder", "GetOrder", "ListOrders", "WatchOrder")}
    get = files["shop.orders.v1.OrderService.GetOrder.yaml"]
    assert get["contract"] == {"operation": SERVICE + "GetOrder", "protocol": "grpc", "streaming": "unary",
                               "source": str(recordings)}
    by_name = {i["name"]: i for f in files.values() for i in f["interactions"]}
    assert set(by_name) == {"create_order_ok", "create_order_invalid_argument", "get_order_ok",
                            "get_order_not_found", "list_orders_ok", "watch_order_ok"}
    assert by_name["get_order_not_found"]["response"]["grpc"] == {"status": "NOT_FOUND",
                                                                  "message": "{{non_empty_string}}"}
    assert "body" not in by_name["get_order_not_found"]["response"]
    invalid = by_name["create_order_invalid_argument"]["response"]["grpc"]
    assert invalid["details"][0]["field_violations"] == [{"field": "order.quantity",
                                                          "description": "must be between 1 and 100"}]
    # the id CreateOrder handed out is captured, and GetOrder sends (and expects back) what the new build gives
    create = by_name["create_order_ok"]
    assert create["captures"] == {"order_id": "response.body.order_id"}
    assert create["response"]["body"]["order_id"] == "{{non_empty_string}}"
    assert create["request"]["body"]["order"]["customer_email"] == "{{redacted}}"
    assert create["response"]["body"]["customer_email"] == "{{email}}"
    assert create["response"]["body"]["total_cents"] == "2500"  # int64: a string in proto3 JSON
    get_ok = by_name["get_order_ok"]
    assert get_ok["request"]["body"] == {"order_id": "{{var:order_id}}"}
    assert get_ok["response"]["body"]["order_id"] == "{{var:order_id}}"
    assert get_ok["request"]["headers"] == {"authorization": "{{redacted}}"}
    watch = files["shop.orders.v1.OrderService.WatchOrder.yaml"]
    assert watch["contract"]["streaming"] == "server"
    assert [m["state"] for m in watch["interactions"][0]["response"]["body"]] == ["PLACED", "SHIPPED"]
    assert SECRET not in "".join(p.read_text() for p in contracts.glob("*.yaml"))


def test_contracts_replay_cleanly_against_v1(built, v1):
    done = _replay(built[1], v1, "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 0, done.stdout
    assert report["summary"]["pass"] == 6 and report["summary"]["warning"] == 0
    result = _results(done)["get_order_not_found"]
    assert result["method"] == "gRPC" and result["path"] == SERVICE + "GetOrder"
    assert result["grpc_status"] == {"expected": "NOT_FOUND", "actual": "NOT_FOUND"}


def test_contracts_report_the_break_against_v2(built, v2):
    done = _replay(built[1], v2)
    assert done.returncode == 1
    text = done.stdout
    assert f"gRPC {SERVICE}GetOrder (get_order_ok)" in text and "body.total_cents: field no longer sent" in text
    assert "grpc.code: gRPC status changed [status_changed] expected NOT_FOUND, got INVALID_ARGUMENT" in text
    results = _results(_replay(built[1], v2, "--format", "json"))
    kinds = {(d["kind"], d["where"], d["severity"]) for d in results["get_order_ok"]["differences"]}
    assert kinds == {("field_removed", "body.total_cents", "breaking")}
    assert results["list_orders_ok"]["differences"][0]["where"] == "body.orders[0].total_cents"
    assert results["watch_order_ok"]["outcome"] == "pass"


def test_recordings_replay_as_observations(built, v1, v2):
    assert _replay(built[0], v1).returncode == 0
    done = _replay(built[0], v2, "--format", "json")
    assert done.returncode == 1
    found = [d for r in json.loads(done.stdout)["results"] for d in r["differences"]]
    assert ("status_changed", "grpc.code", "breaking") in {(d["kind"], d["where"], d["severity"]) for d in found}
    message = next(d for d in found if d["where"] == "grpc.message")
    assert message["severity"] == "warning" and message["actual"] == "bad order id 9"  # text for people


def test_junit_and_markdown_reports_name_the_rpc(built, v2):
    for fmt in ("junit", "markdown"):
        done = _replay(built[1], v2, "--format", fmt)
        assert done.returncode == 1 and f"{SERVICE}GetOrder" in done.stdout and "total_cents" in done.stdout


CONTRACT = """\
contract: {operation: %(path)s, protocol: grpc, streaming: %(streaming)s}
interactions:
  - name: %(name)s
    request: {method: POST, path: %(path)s, body: %(body)s}
    response: {status: 200, grpc: {status: OK}}
"""


def _contract(folder: Path, name: str, path: str, body: str = "{}", streaming: str = "unary") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(CONTRACT % {"name": name, "path": path, "body": body,
                                                     "streaming": streaming})


def test_a_missing_rpc_is_named(tmp_path, v1):
    protos = tmp_path / "protos"
    shutil.copytree(PROTOS, protos)
    proto = protos / "shop" / "orders" / "v1" / "orders.proto"
    proto.write_text(proto.read_text().replace("service OrderService {",
                                               "service OrderService {\n  rpc Nope(GetOrderRequest) returns (Order);"))
    contracts = tmp_path / "contracts"
    _contract(contracts, "nope", SERVICE + "Nope")
    _contract(contracts, "sideways", SERVICE + "WatchOrder", '{order_id: "1001"}')  # recorded as unary
    _contract(contracts, "unfit", SERVICE + "GetOrder", '{order_id: "1001", color: red}')
    _contract(contracts, "bodiless", SERVICE + "ListOrders", "null")  # no request body: the empty message
    done = run_cli("replay", str(contracts), "--target", f"grpc://{v1}", "--proto", str(protos), "--format", "json")
    assert done.returncode == 1, done.stderr
    results = _results(done)
    [missing] = results["nope"]["differences"]
    assert (missing["kind"], missing["severity"]) == ("rpc_missing", "breaking")
    assert missing["message"] == f"RPC {SERVICE}Nope missing: the target answers UNIMPLEMENTED"
    assert results["sideways"]["differences"][0]["kind"] == "streaming_changed"
    assert results["unfit"]["differences"][0]["kind"] == "request_not_encodable"
    assert "\n" not in results["unfit"]["differences"][0]["message"]
    assert results["bodiless"]["outcome"] == "pass"
    # with the service's own protos, which do not declare it: named, and nothing is sent
    done = run_cli("replay", str(contracts / "nope.yaml"), "--target", f"grpc://{v1}", "--proto", str(PROTOS))
    assert done.returncode == 1 and f"RPC {SERVICE}Nope missing: the protos under --proto do not declare it" \
        in done.stdout


REST_CONTRACT = "interactions:\n  - request: {method: GET, path: /v1/x}\n    response: {status: 200}\n"


def test_bad_inputs_are_one_line_exit_2(tmp_path, built, v1):
    rest = tmp_path / "rest"
    rest.mkdir()
    (rest / "x.yaml").write_text(REST_CONTRACT)
    cases = [
        (("replay", str(rest), "--target", f"grpc://{v1}", "--proto", str(PROTOS)),
         "is an HTTP exchange: replay it with --target http(s)://"),
        (("replay", str(built[1]), "--target", "http://127.0.0.1:9"), "is a gRPC call: replay it with --target grpc://"),
        (("replay", str(built[1]), "--target", f"grpc://{v1}"), "gRPC calls need --proto PROTO_ROOT"),
        (("replay", str(rest), "--target", "http://127.0.0.1:9", "--proto", str(PROTOS)), "--proto is for gRPC"),
        (("replay", str(built[1]), "--target", f"grpc://{v1}", "--proto", str(PROTOS), "--spec", "x.yaml"),
         "--spec checks HTTP responses"),
        (("replay", str(built[1]), "--target", "grpc://127.0.0.1", "--proto", str(PROTOS)), "needs a port"),
        (("replay", str(built[1]), "--target", "grpc://127.0.0.1:9", "--proto", str(PROTOS)), "cannot connect"),
        (("replay", str(built[1]), "--target", f"grpc://{v1}", "--proto", str(tmp_path / "none")),
         "no such file"),
    ]
    for args, why in cases:
        done = run_cli(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert why in done.stderr and len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)


def test_pact_output_leaves_grpc_calls_out(tmp_path, built):
    done = run_cli("contracts", "build", str(built[0]), "--format", "pact", "--consumer", "a", "--provider", "b",
                   "--out", str(tmp_path / "p.json"))
    assert done.returncode == 2 and "all 6 interactions are gRPC calls" in done.stderr
    mixed = tmp_path / "mixed"
    shutil.copytree(built[0], mixed)
    rest = {"v": 1, "kind": "exchange", "id": "h1", "ts": "2026-12-06T00:00:00.000Z", "duration_ms": 1.0,
            "request": {"method": "GET", "path": "/v1/things", "query": [], "headers": [], "body": None},
            "response": {"status": 200, "headers": [["content-type", "application/json"]], "body": {"n": 1}}}
    (mixed / "http.jsonl").write_text(json.dumps(rest) + "\n")
    done = run_cli("contracts", "build", str(mixed), "--format", "pact", "--consumer", "a", "--provider", "b",
                   "--out", str(tmp_path / "p.json"))
    assert done.returncode == 0, done.stderr
    assert "6 gRPC interactions left out of the pact" in done.stderr and "-> 1 interactions" in done.stdout
    pact = json.loads((tmp_path / "p.json").read_text())
    assert [i["request"]["path"] for i in pact["interactions"]] == ["/v1/things"]
