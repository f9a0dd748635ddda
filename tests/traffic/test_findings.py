"""Each drift kind, coverage details, the patch and bad input, on synthetic records (fast)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonpatch
import pytest

from apilint.cli import main
from apilint.traffic.templates import infer_template
from tests.traffic.records import SPEC, USER, exchange, write


def run(tmp_path: Path, records: list[dict], spec: dict | str = SPEC, *extra: str) -> tuple[int, dict]:
    folder = write(tmp_path / "rec", records)
    if isinstance(spec, dict):
        (tmp_path / "spec.json").write_text(json.dumps(spec))
        spec = str(tmp_path / "spec.json")
    out = tmp_path / "report.json"
    code = main(["traffic", "report", folder, "--spec", spec, "-f", "json", "-o", str(out), *extra])
    return code, json.loads(out.read_text())


def kinds(doc: dict) -> list[str]:
    return [e["kind"] for e in doc["drift"]]


@pytest.mark.parametrize(("path", "template"), [
    ("/v1/users/42", "/v1/users/{param}"),
    ("/v1/users/8f3c8b1e-3f1a-4c1e-9f7e-1c2b3a4d5e6f/keys/a1b2c3d4e5", "/v1/users/{param}/keys/{param2}"),
    ("/v1/users/usr_8K2mQ9xZ", "/v1/users/{param}"),
    ("/v1/users/me", "/v1/users/me"),
    ("/v1/status", "/v1/status"),
])
def test_id_like_segments_become_parameters(path, template):
    assert infer_template(path) == template


def test_undocumented_endpoints_are_grouped_under_inferred_templates(tmp_path):
    records = [exchange("GET", f"/v1/orders/{n}", 200, {"total": n}, ts=f"2026-11-22T10:00:0{n}.000Z")
               for n in (1, 2, 3)]
    code, doc = run(tmp_path, records)
    assert code == 1 and kinds(doc) == ["undocumented-endpoint"]
    entry = doc["drift"][0]
    assert entry["operation"] == "GET /v1/orders/{param}" and entry["count"] == 3
    assert (entry["first_seen"], entry["last_seen"]) == ("2026-11-22T10:00:01.000Z", "2026-11-22T10:00:03.000Z")
    assert entry["example"]["request"] == "GET /v1/orders/1"


def test_a_clean_exchange_has_no_drift_and_counts_coverage(tmp_path):
    records = [exchange("GET", "/v1/users/1", 200, {**USER, "nickname": None}, query=[["fields", "id"]]),
               exchange("GET", "/v1/users/2", 200, {**USER, "role": "member"}),
               exchange("GET", "/v1/users/3", 200, {**USER, "role": "guest", "age": 3})]
    code, doc = run(tmp_path, records)
    assert (code, doc["drift"]) == (0, [])
    cov = doc["coverage"]
    assert (cov["documented"], cov["exercised"], cov["percent"]) == (2, 1, 50.0)
    assert {t["tag"]: (t["exercised"], t["documented"]) for t in cov["tags"]} == {"users": (1, 1), "ops": (0, 1)}
    get_user = cov["operations"][0]
    assert get_user["statuses_seen"] == {"200": 3} and get_user["parameters_never_seen"] == []
    assert get_user["response_fields_never_seen"] == []


def test_format_required_enum_and_null_contradictions(tmp_path):
    records = [exchange("GET", "/v1/users/1", 200, {"id": "not-a-uuid", "email": "<redacted:email>", "role": "owner",
                                                    "age": None})]
    code, doc = run(tmp_path, records)
    assert code == 1
    assert sorted(kinds(doc)) == ["enum-value-undocumented", "enum-value-unseen", "format-contradiction",
                                  "type-contradiction"]
    code, doc = run(tmp_path, [exchange("GET", "/v1/users/1", 200, {"id": USER["id"], "role": "admin"})])
    assert kinds(doc) == ["required-field-absent", "enum-value-unseen"]
    assert doc["drift"][0]["field"] == "email" and doc["drift"][0]["pointer"] == "/components/schemas/User/required"


def test_enum_values_never_seen_are_information_only(tmp_path):
    code, doc = run(tmp_path, [exchange("GET", "/v1/users/1", 200, USER)])
    assert code == 0 and kinds(doc) == ["enum-value-unseen"]
    assert doc["drift"][0]["values"] == ["member", "guest"] and doc["drift"][0]["level"] == "info"


def test_redacted_values_are_not_judged_by_format_or_enum(tmp_path):
    user = {**USER, "id": "<redacted:token>", "role": "<redacted:secret>"}
    code, doc = run(tmp_path, [exchange("GET", "/v1/users/1", 200, user)])
    assert code == 0
    assert "format-contradiction" not in kinds(doc) and "enum-value-undocumented" not in kinds(doc)


def test_the_patch_covers_every_kind_and_a_second_report_is_clean(tmp_path):
    records = [
        exchange("GET", "/v1/users/1", 200, {"id": "x1", "email": "<redacted:email>", "role": "owner", "age": None,
                                             "plan": {"name": "pro", "seats": 3}}),
        exchange("GET", "/v1/users/2", 200, {"id": USER["id"], "role": "admin", "age": "7"}),
        exchange("GET", "/v1/users/3", 404, {"error": "no such user"}),
        exchange("POST", "/v1/teams/42/members", 201, {"member_id": "m-1", "joined": "2026-11-22T10:00:00Z"},
                 request_body={"user_id": "u-1"}),
        exchange("DELETE", "/v1/users/3", 204),
    ]
    patch_file = tmp_path / "patch.json"
    code, doc = run(tmp_path, records, SPEC, "--patch", str(patch_file))
    assert code == 1 and set(kinds(doc)) >= {"undocumented-endpoint", "undocumented-status", "undocumented-field",
                                             "type-contradiction", "format-contradiction", "enum-value-undocumented",
                                             "required-field-absent"}
    patched = jsonpatch.apply_patch(copy.deepcopy(SPEC), json.loads(patch_file.read_text()))
    assert "/v1/teams/{param}/members" in patched["paths"] and "delete" in patched["paths"]["/v1/users/{user_id}"]
    assert patched["components"]["schemas"]["User"]["properties"]["plan"]["properties"]["seats"] == {"type": "integer"}
    code, doc = run(tmp_path, records, patched)
    assert [e for e in doc["drift"] if e["level"] != "info"] == []


def test_grpc_calls_count_toward_coverage_per_rpc(tmp_path):
    def call(method: str, status: str) -> dict:
        return exchange("POST", f"/shop.orders.v1.OrderService/{method}", 200, operation=None,
                        grpc={"service": "shop.orders.v1.OrderService", "method": method, "streaming": "unary",
                              "code": 0 if status == "OK" else 5, "status": status, "message": None, "details": [],
                              "trailers": []})
    records = [call("GetOrder", "OK"), call("GetOrder", "NOT_FOUND"), call("CreateOrder", "OK"), call("Gone", "OK")]
    code, doc = run(tmp_path, records, "examples/grpc/protos")
    assert code == 1  # the undocumented RPC
    ops = {o["operation"]: o for o in doc["coverage"]["operations"]}
    assert ops["/shop.orders.v1.OrderService/GetOrder"]["statuses_seen"] == {"NOT_FOUND": 1, "OK": 1}
    assert ops["/shop.orders.v1.OrderService/ListOrders"]["calls"] == 0
    assert doc["coverage"]["exercised"] == 2
    assert [e["operation"] for e in doc["drift"]] == ["/shop.orders.v1.OrderService/Gone"]


def test_grpc_records_against_an_openapi_spec_are_left_out_with_a_note(tmp_path):
    record = exchange("POST", "/a.B/C", 200, grpc={"service": "a.B", "method": "C", "code": 0, "status": "OK"})
    code, doc = run(tmp_path, [record])
    assert code == 0 and doc["drift"] == [] and "1 gRPC record(s) left out" in doc["notes"][0]


def test_a_schema_in_another_file_is_reported_but_not_patched(tmp_path):
    spec = copy.deepcopy(SPEC)
    user = spec["components"]["schemas"].pop("User")
    (tmp_path / "user.json").write_text(json.dumps(user))
    spec["paths"]["/v1/users/{user_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "user.json"}
    patch_file = tmp_path / "patch.json"
    code, doc = run(tmp_path, [exchange("GET", "/v1/users/1", 200, {**USER, "extra": 1})], spec,
                    "--patch", str(patch_file))
    assert code == 1 and "undocumented-field" in kinds(doc) and doc["drift"][0]["file"].endswith("user.json")
    assert json.loads(patch_file.read_text()) == [] and any("another file" in n for n in doc["notes"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "sarif"])
def test_every_format_names_the_drift(tmp_path, fmt):
    folder = write(tmp_path / "rec", [exchange("GET", "/v1/users/1", 200, {**USER, "secret_plan": "gold"})])
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    out = tmp_path / f"report.{fmt}"
    assert main(["traffic", "report", folder, "--spec", str(tmp_path / "spec.json"), "-f", fmt, "-o", str(out)]) == 1
    assert "secret_plan" in out.read_text()


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    folder = write(tmp_path / "rec", [])
    assert main(["traffic", "report", folder, "--spec", str(tmp_path / "missing.yaml")]) == 2
    assert main(["traffic", "report", str(tmp_path / "nowhere"), "--spec", "examples/service/openapi.yaml"]) == 2
    assert main(["traffic", "report", folder, "--spec", "examples/grpc/protos", "--patch", str(tmp_path / "p")]) == 2
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    assert main(["traffic", "report", folder, "--spec", str(spec), "--patch", str(spec)]) == 2
    assert json.loads(spec.read_text()) == SPEC
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4 and "refusing to write the patch over an input file" in lines[3] and all(line.startswith("apilint: ") for line in lines)
    assert "Traceback" not in "".join(lines) and "--patch needs an OpenAPI 3 spec" in lines[2]


def test_a_har_file_is_reported_like_a_recording_and_its_secrets_stay_out(tmp_path):
    from tests.recording import chrome_har

    user = {**USER, "email": chrome_har.EMAIL, "role": "superuser"}
    entries = [chrome_har.entry("GET", "https://api.test/v1/users/8f3c8b1e-3f1a-4c1e-9f7e-1c2b3a4d5e6f",
                                [("authorization", f"Bearer {chrome_har.JWT}"), ("cookie", f"sid={chrome_har.COOKIE}")],
                                None, 200, [("content-type", "application/json")], json.dumps(user).encode())]
    chrome_har.write(tmp_path / "capture.har", entries)
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    out = tmp_path / "report.md"
    code = main(["traffic", "report", str(tmp_path / "capture.har"), "--spec", str(tmp_path / "spec.json"),
                 "-f", "markdown", "-o", str(out)])
    text = out.read_text()
    assert code == 1 and "superuser" in text  # the enum value the spec does not list
    assert [s for s in chrome_har.SECRETS if s in text] == []


def test_a_folder_without_recordings_is_an_error_not_a_clean_report(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    assert main(["traffic", "report", str(tmp_path / "empty"), "--spec", str(tmp_path / "spec.json")]) == 2
    err = capsys.readouterr().err
    assert "holds no recordings" in err and "matches the spec" not in err
