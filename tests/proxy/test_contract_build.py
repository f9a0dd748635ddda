from __future__ import annotations

import json

import pytest
import yaml

from apilint.cli import main
from apilint.contract.generalise import generalise
from apilint.contract.paths import infer_template


@pytest.mark.parametrize(
    "path,template",
    [
        ("/v1/orders/42", "/v1/orders/{order_id}"),
        ("/v1/orders/3f2b8c1e-9d4a-4b6e-8f00-1234567890ab/items/9", "/v1/orders/{order_id}/items/{item_id}"),
        ("/blobs/9f86d081884c7d659a2feaa0c55ad015", "/blobs/{blob_id}"),
        ("/v1/categories/7", "/v1/categories/{category_id}"),
        ("/v1/users/me", "/v1/users/me"),
        ("/v2/health", "/v2/health"),
        ("/a/1/2", "/a/{a_id}/{id}"),
    ],
)
def test_infer_template(path, template):
    assert infer_template(path) == template


def test_generalise_literals_matchers_and_structure():
    values = [
        {"id": "3f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "n": 1, "status": "A", "tags": ["x"], "extra": 1},
        {"id": "4f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "n": 2, "status": "A", "tags": ["y"]},
        {"id": "5f2b8c1e-9d4a-4b6e-8f00-1234567890ab", "n": 3, "status": "A", "tags": ["x"]},
    ]
    assert generalise(values) == {
        "id": "{{uuid}}",
        "n": "{{positive_integer}}",
        "status": "A",
        "tags": ["{{one_of:x|y}}"],
    }
    assert generalise([{"at": "2026-01-01T00:00:00Z"}]) == {"at": "{{iso_timestamp}}"}
    assert generalise(["<redacted:email>"]) == "{{email}}"
    assert generalise(["<redacted:email>"], request=True) == "{{redacted}}"
    assert generalise([[1, 2, 3, 4, 5, 6], [1]]) == ["{{positive_integer}}"]
    assert generalise([[], [1]]) == "{{any}}"
    assert generalise([1, "a"]) == "{{any}}"


def _record(method: str, path: str, status: int, body: object, ts: str = "2026-11-22T10:00:00.000Z") -> dict:
    return {
        "v": 1,
        "kind": "exchange",
        "id": path + ts,
        "ts": ts,
        "duration_ms": 1,
        "operation": None,
        "request": {
            "method": method,
            "path": path,
            "query": [],
            "headers": [["accept", "*/*"]],
            "content_type": None,
            "body": None,
            "body_text": None,
        },
        "response": {
            "status": status,
            "headers": [["content-type", "application/json"], ["date", ts]],
            "content_type": "application/json",
            "body": body,
            "body_text": None,
        },
        "violations": [],
        "redacted": [],
    }


def test_build_groups_dedupes_and_infers_without_a_spec(tmp_path, capsys):
    rec = tmp_path / "rec"
    rec.mkdir()
    lines = [
        _record("GET", f"/v1/orders/{n}", 200, {"order_id": n, "status": "PENDING"}, f"2026-11-22T10:00:0{n}.000Z")
        for n in (1, 2, 3)
    ]
    lines.append(_record("GET", "/v1/orders/3", 200, {"order_id": 3, "status": "PENDING"}, "2026-11-22T10:00:09.000Z"))
    lines.append(_record("GET", "/v1/orders/77", 404, {"title": "Not Found"}))
    (rec / "rec-1.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines) + '{"torn')
    assert main(["contracts", "build", str(rec), "--out", str(tmp_path / "out")]) == 0
    assert "5 exchanges (1 duplicates, 1 unreadable lines skipped)" in capsys.readouterr().out
    doc = yaml.safe_load((tmp_path / "out" / "GET_v1_orders_order_id.yaml").read_text())
    assert doc["contract"]["operation"] == "GET /v1/orders/{order_id}"
    ok, missing = doc["interactions"]
    assert ok["response"] == {
        "status": 200,
        "headers": {"content-type": "application/json"},
        "body": {"order_id": "{{positive_integer}}", "status": "PENDING"},
    }
    assert ok["request"]["path"] == "/v1/orders/1" and ok["request"]["headers"] == {}
    assert missing["response"]["status"] == 404 and missing["name"] == "get_v1_orders_order_id_not_found"


def test_build_bad_input_is_one_line_exit_2(tmp_path, capsys):
    assert main(["contracts", "build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err and "Traceback" not in err
    assert main(["proxy", "--upstream", "http://127.0.0.1:1", "--spec", str(tmp_path / "missing.yaml")]) == 2
    assert main(["proxy", "--upstream", "ftp://x"]) == 2
    capsys.readouterr()
    swagger = tmp_path / "swagger.yaml"  # neither OpenAPI 3.x nor Swagger 2.0 (2.0 is converted)
    swagger.write_text('swagger: "1.2"\ninfo: {title: t, version: "1"}\npaths: {}\n')
    (tmp_path / "rec").mkdir()
    for args in (["proxy", "--upstream", "http://127.0.0.1:1"], ["contracts", "build", str(tmp_path / "rec"), "--out", str(tmp_path / "o")]):
        assert main([*args, "--spec", str(swagger)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{swagger}: live validation needs an OpenAPI 3.x" in err, err


def test_flows_become_captures_and_variables(tmp_path):
    """An id a response produced that a later request reuses is captured, then referenced by name."""
    import json

    import yaml

    from apilint.contract.build import build_contracts

    order_id = "3f2b9c1e-8a4d-4c1b-9e2f-0a1b2c3d4e5f"

    def record(method, path, status, request_body, response_body):
        return {"v": 1, "kind": "exchange", "id": path + method, "ts": "2026-11-22T10:00:00Z",
                "request": {"method": method, "path": path, "query": [], "headers": [], "body": request_body},
                "response": {"status": status, "headers": [], "body": response_body}}

    folder = tmp_path / "rec"
    folder.mkdir()
    lines = [record("POST", "/v1/orders", 201, {"quantity": 2}, {"order_id": order_id, "quantity": 2}),
             record("GET", f"/v1/orders/{order_id}", 200, None, {"order_id": order_id, "quantity": 2})]
    (folder / "a.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    build_contracts(str(folder), str(tmp_path / "out"))
    post = yaml.safe_load((tmp_path / "out" / "POST_v1_orders.yaml").read_text())["interactions"][0]
    get = yaml.safe_load((tmp_path / "out" / "GET_v1_orders_order_id.yaml").read_text())["interactions"][0]
    assert post["captures"] == {"order_id": "response.body.order_id"}
    assert post["request"]["body"] == {"quantity": 2}  # the recorded example, not an invented sample
    assert get["request"]["path"] == "/v1/orders/{{var:order_id}}"


def test_request_headers_link_like_replay_and_credentials_never_do(tmp_path):
    """Contracts and replay walk a request's strings alike (apilint.recording.walk): a header that
    sends back an id becomes ``{{var:NAME}}``, a credential header never links."""
    import json

    import yaml

    from apilint.contract.build import build_contracts
    from apilint.replay.flows import plan
    from apilint.replay.loading import load

    order_id = "3f2b9c1e-8a4d-4c1b-9e2f-0a1b2c3d4e5f"
    token = "tok-0123456789abcdef"

    def record(method, path, status, headers, response_body, ts):
        return {"v": 1, "kind": "exchange", "id": path + method, "ts": ts,
                "request": {"method": method, "path": path, "query": [], "headers": headers, "body": None},
                "response": {"status": status, "headers": [], "body": response_body}}

    folder = tmp_path / "rec"
    folder.mkdir()
    lines = [record("POST", "/v1/orders", 201, [], {"order_id": order_id, "token": token}, "2026-11-22T10:00:00Z"),
             record("POST", "/v1/payments", 201, [("idempotency-key", order_id), ("authorization", token)],
                    {"paid": True}, "2026-11-22T10:00:01Z")]
    (folder / "a.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    build_contracts(str(folder), str(tmp_path / "out"))
    orders = yaml.safe_load((tmp_path / "out" / "POST_v1_orders.yaml").read_text())["interactions"][0]
    payments = yaml.safe_load((tmp_path / "out" / "POST_v1_payments.yaml").read_text())["interactions"][0]
    assert orders["captures"] == {"order_id": "response.body.order_id"}
    assert payments["request"]["headers"]["idempotency-key"] == "{{var:order_id}}"
    assert payments["request"]["headers"]["authorization"] == token

    interactions = load(str(tmp_path / "out"), [])
    linked = plan(interactions)
    pay = next(i for i, it in enumerate(interactions) if it.path == "/v1/payments")
    assert set(linked.var_links[pay]) == {"order_id"} and not linked.unbound[pay]


def test_build_names_operations_from_a_swagger_2_spec(tmp_path):
    from tests.swagger2.specs import ORDERS_V2

    spec = tmp_path / "orders-v2.yaml"
    spec.write_text(ORDERS_V2)
    rec = tmp_path / "rec"
    rec.mkdir()
    lines = [_record("GET", "/v1/orders/abc", 200, {"order_id": "abc", "status": "PENDING"})]
    (rec / "rec-1.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert main(["contracts", "build", str(rec), "--out", str(tmp_path / "out"), "--spec", str(spec)]) == 0
    doc = yaml.safe_load((tmp_path / "out" / "GET_v1_orders_order_id.yaml").read_text())
    assert doc["contract"]["operation"] == "GET /v1/orders/{order_id}"  # basePath + template, not inferred


def test_an_id_handed_out_is_the_new_builds_to_choose_and_echoes_of_it_follow(tmp_path):
    """A non-UUID id a response handed out (and a later request sent back) is not pinned to its recorded
    literal: the producing response says only "a string" there, a later response echoing it expects the
    captured value. Without this, replay against a fresh build breaks on an id the build chose itself."""
    lines = [_record("POST", "/v1/orders", 201, {"order_id": "1001", "status": "PENDING"}),
             _record("GET", "/v1/orders/1001", 200, {"order_id": "1001", "status": "PENDING"},
                     "2026-11-22T10:00:01.000Z")]
    (tmp_path / "rec").mkdir()
    (tmp_path / "rec" / "a.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert main(["contracts", "build", str(tmp_path / "rec"), "--out", str(tmp_path / "out")]) == 0
    post = yaml.safe_load((tmp_path / "out" / "POST_v1_orders.yaml").read_text())["interactions"][0]
    get = yaml.safe_load((tmp_path / "out" / "GET_v1_orders_order_id.yaml").read_text())["interactions"][0]
    assert post["captures"] == {"order_id": "response.body.order_id"}
    assert post["response"]["body"] == {"order_id": "{{non_empty_string}}", "status": "PENDING"}
    assert get["request"]["path"] == "/v1/orders/{{var:order_id}}"
    assert get["response"]["body"] == {"order_id": "{{var:order_id}}", "status": "PENDING"}
