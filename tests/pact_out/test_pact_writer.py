"""``apilint contracts build --format pact``: recorded traffic becomes a Pact V4 file that Pact's own verifier
(pact-python's Rust core, when installed) accepts against the service it was recorded from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.contract.matchers import UUID
from apilint.pact.rules_out import matcher_for, rules_for, timestamp_format
from tests.conftest import run_cli
from tests.pact_out.state_server import state_server
from tests.replay.service import record_session, service


@pytest.fixture(scope="module")
def recording(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("recording")
    with service("v1") as url:
        record_session(url, folder)
    return folder


@pytest.fixture(scope="module")
def pact(recording, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pacts")
    proc = run_cli("contracts", "build", str(recording), "--format", "pact", "--consumer", "web",
                   "--provider", "orders", "-o", f"{out}/")
    assert proc.returncode == 0, proc.stderr
    assert "the pact" in proc.stdout
    return out / "web-orders.json"


def by_name(doc: dict) -> dict[str, dict]:
    return {i["description"]: i for i in doc["interactions"]}


def test_the_pact_is_v4_with_http_interactions_and_no_secret(pact):
    text = pact.read_text()
    doc = json.loads(text)
    assert doc["metadata"]["pactSpecification"]["version"] == "4.0"
    assert doc["consumer"] == {"name": "web"} and doc["provider"] == {"name": "orders"}
    assert {i["type"] for i in doc["interactions"]} == {"Synchronous/HTTP"}
    assert "secret-token-never-written" not in text and "authorization" not in text.lower()
    created = by_name(doc)["post_v1_orders_created"]
    assert created["response"]["status"] == 201
    assert created["response"]["body"]["contentType"] == "application/json"
    rules = created["response"]["matchingRules"]["body"]
    assert rules["$.order_id"]["matchers"] == [{"match": "regex", "regex": UUID.pattern}]
    assert rules["$.created_at"]["matchers"][0]["match"] == "timestamp"
    assert UUID.match(created["response"]["body"]["content"]["order_id"])  # a concrete example beside the rule


def test_linked_ids_become_provider_states_and_generators(pact):
    doc = json.loads(pact.read_text())
    get = by_name(doc)["get_v1_orders_order_id_ok"]
    created = by_name(doc)["post_v1_orders_created"]
    recorded = created["response"]["body"]["content"]["order_id"]
    assert get["providerStates"] == [{"name": "post_v1_orders_created", "params": {"order_id": recorded}}]
    assert get["request"]["path"] == f"/v1/orders/{recorded}"
    assert get["request"]["generators"]["path"] == {"type": "ProviderState", "expression": "/v1/orders/${order_id}",
                                                    "dataType": "STRING"}
    assert created["comments"]["apilint"]["captures"] == {"order_id": "response.body.order_id"}


@pytest.mark.parametrize("matcher, example, rules", [
    ("uuid", "9b65fbf2-3dec-4cd8-8b5a-ff0629cdb2d5", [{"match": "regex", "regex": UUID.pattern}]),
    ("integer", 3, [{"match": "integer"}]),
    ("number", 1.5, [{"match": "number"}]),
    ("boolean", True, [{"match": "boolean"}]),
    ("string", "x", [{"match": "type"}]),
    ("iso_date", "2026-01-02", [{"match": "date", "format": "yyyy-MM-dd"}]),
])
def test_each_matcher_maps_to_a_pact_rule_and_back(matcher, example, rules):
    assert rules_for(matcher, None, example) == rules
    assert matcher_for(rules) == "{{" + matcher + "}}"


def test_enums_timestamps_and_what_pact_cannot_say():
    rules = rules_for("one_of", "PAID|PENDING|A.B", "PAID")
    assert rules == [{"match": "regex", "regex": r"^(PAID|PENDING|A\.B)$"}]
    assert matcher_for(rules) == "{{one_of:PAID|PENDING|A.B}}"
    assert timestamp_format("2026-12-06T06:09:25.018789Z") == "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX"
    assert timestamp_format("2026-12-06 06:09+0100") == "yyyy-MM-dd HH:mmXX"
    assert rules_for("any", None, 1) is None and rules_for("redacted", None, "x") is None


def test_pact_format_needs_both_names(recording, tmp_path):
    proc = run_cli("contracts", "build", str(recording), "--format", "pact", "--consumer", "web")
    assert proc.returncode == 2 and "--provider" in proc.stderr and "Traceback" not in proc.stderr


def test_pacts_own_verifier_accepts_the_pact_against_v1(pact, monkeypatch):
    monkeypatch.setenv("PACT_DO_NOT_TRACK", "true")  # no usage report leaves the machine
    verifier = pytest.importorskip("pact", reason="pact-python (Pact's Rust core) is not installed").Verifier
    with service("v1") as url, state_server(url) as (hook, journal):
        run = (verifier("orders", host="127.0.0.1").add_transport(url=url).add_source(str(pact))
               .add_custom_header("Authorization", "Bearer t").state_handler(hook, teardown=True, body=True))
        run.verify()  # raises with Pact's own account of every mismatch (interactions run in recorded order)
    assert {"state": "post_v1_orders_created", "action": "setup"}.items() <= next(
        c for c in journal if c["state"]).items()
