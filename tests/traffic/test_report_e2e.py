"""`apilint traffic report` on traffic recorded through the real proxy in front of the example service."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonpatch
import pytest

from tests.traffic.traffic import ENV, PLANTED, ROOT, no_secret, planted_spec, record, spec_v1, write_spec

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("traffic") / "rec"
    sent = record(folder)
    return folder, sent


def report(recordings: Path, spec: str, *extra: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "apilint", "traffic", "report", str(recordings), "--spec", spec,
                           "-f", "json", *extra], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=120)
    assert proc.stderr == "", proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stdout


def subjects(doc: dict) -> set[tuple[str, str]]:
    return {(e["kind"], e.get("operation") or e.get("field")) for e in doc["drift"]}


def test_a_clean_run_has_no_drift_and_counts_what_was_sent(recorded, tmp_path):
    folder, sent = recorded
    code, doc, _ = report(folder, write_spec(spec_v1(), tmp_path / "v1.json"))
    assert doc["drift"] == [] and code == 0
    cov = doc["coverage"]
    assert (cov["documented"], cov["exercised"], cov["calls"]) == (4, 4, sum(sent.values()))
    for op in cov["operations"]:
        expected = {str(status): n for (label, status), n in sent.items() if label == op["operation"]}
        assert op["statuses_seen"] == expected, op["operation"]
        assert op["calls"] == sum(expected.values())
    patch_op = next(o for o in cov["operations"] if o["operation"] == "PATCH /v1/orders/{order_id}")
    assert patch_op["request_fields_never_seen"] == ["note"]
    assert patch_op["statuses_never_seen"] == ["400", "404", "429"]


def test_the_planted_drift_and_nothing_else(recorded, tmp_path):
    folder, sent = recorded
    code, doc, text = report(folder, write_spec(planted_spec(), tmp_path / "planted.json"))
    assert code == 1
    assert subjects(doc) == PLANTED
    by_kind = {e["kind"]: e for e in doc["drift"]}
    endpoint = by_kind["undocumented-endpoint"]
    assert endpoint["count"] == sum(n for (label, _), n in sent.items() if label == "GET /v1/orders/{order_id}")
    assert endpoint["example"]["request"].startswith("GET /v1/orders/")
    assert by_kind["undocumented-status"]["status"] == 400 and by_kind["undocumented-status"]["count"] == 1
    assert by_kind["enum-value-undocumented"]["value"] == "CANCELLED"
    assert by_kind["type-contradiction"]["observed"] == "integer"
    for entry in doc["drift"]:
        assert entry["first_seen"] <= entry["last_seen"] and entry["example"] and entry["line"]
    no_secret(text)


def test_the_patch_makes_the_spec_describe_the_traffic(recorded, tmp_path):
    folder, _ = recorded
    planted = planted_spec()
    patch_file = tmp_path / "spec.patch.json"
    code, doc, _ = report(folder, write_spec(planted, tmp_path / "planted.json"), "--patch", str(patch_file))
    assert code == 1 and doc["patch"]["operations"] > 0
    operations = json.loads(patch_file.read_text())
    assert json.loads((tmp_path / "planted.json").read_text()) == planted  # never applied by apilint
    patched = jsonpatch.apply_patch(planted, operations)
    code, doc, _ = report(folder, write_spec(patched, tmp_path / "patched.json"))
    assert subjects(doc) & PLANTED == set()
    assert doc["drift"] == [] and code == 0


def test_sarif_puts_the_drift_on_the_spec_lines(recorded, tmp_path):
    folder, _ = recorded
    spec = write_spec(planted_spec(), tmp_path / "planted.json")
    proc = subprocess.run([sys.executable, "-m", "apilint", "traffic", "report", str(folder), "--spec", spec,
                           "-f", "sarif"], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=120)
    sarif = json.loads(proc.stdout)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {kind for kind, _ in PLANTED}
    lines = Path(spec).read_text().splitlines()
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("planted.json")
        line = lines[physical["region"]["startLine"] - 1]
        pointer = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        assert pointer.rsplit("/", 1)[-1].replace("~1", "/") in line or result["ruleId"] == "undocumented-endpoint"
