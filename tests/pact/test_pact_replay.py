"""Pacts verified by ``apilint replay`` against the real example service, and read errors."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.pact.pacts import v3_pact, v4_pact, write
from tests.replay.service import service


@pytest.fixture(scope="module")
def v1():
    with service("v1") as url:
        yield url


@pytest.fixture(scope="module")
def v2():
    with service("v2") as url:
        yield url


@pytest.fixture
def pacts(tmp_path):
    write(tmp_path / "pacts", "shop-web-orders.json", v3_pact())
    write(tmp_path / "pacts", "shop-app-orders.json", v4_pact())
    return tmp_path / "pacts"


def _replay(*args: str):
    proc = run_cli("replay", *args, "--format", "json")
    return proc, json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else None


def test_v3_and_v4_pacts_pass_against_v1(pacts, v1):
    proc, data = _replay(str(pacts), "--target", v1)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [r["outcome"] for r in data["results"]] == ["pass", "pass"]
    assert any("Asynchronous/Messages" in note for note in data["skipped"])  # skipped, visibly


def test_pacts_fail_against_v2_naming_interaction_and_field(pacts, v2):
    proc, data = _replay(str(pacts), "--target", v2)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    by_name = {r["name"]: r["differences"] for r in data["results"]}
    v3 = by_name["shop-web: create an order"]
    assert any(d["where"] == "status" for d in v3)  # 200 where the pact says 201
    v4 = by_name["shop-app: create an order, any success status"]  # statusCode: success lets 200 through
    assert [d["where"] for d in v4] == ["body.order_id"]


@pytest.mark.parametrize(("text", "message"), [
    ('{"consumer": {"name": "a"}, "provider": {"name": "b"}, "interactions": [', "pact.json:1"),
    (json.dumps({**v3_pact(), "metadata": {"pactSpecification": {"version": "7.0.0"}}}),
     "unknown Pact specification version"),
    (json.dumps(v3_pact()).replace('"integer"', '"fuzzy"'), "unknown matcher type 'fuzzy'"),
    (json.dumps(v3_pact()).replace('"matchingRules"', '"generators": {"body": {"$.id": {"type": "Dice"}}},'
                                   ' "matchingRules"', 1), "unknown generator type 'Dice'"),
    (json.dumps({**v3_pact(), "interactions": [{"description": "x", "response": {"status": 200}}]}),
     "interaction 0: missing 'request'"),
], ids=["bad-json", "unknown-version", "unknown-matcher", "unknown-generator", "no-request"])
def test_malformed_pact_is_one_line_exit_2(tmp_path, text, message):
    (tmp_path / "pact.json").write_text(text, encoding="utf-8")
    proc = run_cli("replay", str(tmp_path / "pact.json"), "--target", "http://127.0.0.1:9")
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "pact.json" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
