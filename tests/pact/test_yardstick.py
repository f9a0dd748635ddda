"""benchmarks/pact_yardstick.py on the Pact specification's cases, and on a folder of other cases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "pact_yardstick.py"
SHARED = next((p for p in (ROOT.parent / "shared/peer/pact/testcases", ROOT.parents[1] / "shared/peer/pact/testcases")
               if p.is_dir()), None)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""})


@pytest.mark.skipif(SHARED is None, reason="the shared Pact cases (../shared/peer/pact/testcases) are absent")
def test_agrees_with_every_shared_pact_case() -> None:
    proc = _run(str(SHARED))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("181/181 agree"), proc.stdout


def test_another_folder_of_cases_names_each_disagreement_and_exits_1(tmp_path: Path) -> None:
    cases = tmp_path / "response" / "body"
    cases.mkdir(parents=True)
    rule = {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}
    right = {"match": True, "expected": {"body": {"id": 1}, "matchingRules": rule}, "actual": {"body": {"id": 7}}}
    wrong = {"match": True, "expected": {"body": {"id": 1}, "matchingRules": rule}, "actual": {"body": {"id": "7"}}}
    (cases / "integer.json").write_text(json.dumps(right))
    (cases / "says match but is a string.json").write_text(json.dumps(wrong))
    proc = _run(str(tmp_path))
    assert proc.returncode == 1
    assert proc.stdout.startswith("1/2 agree (50.0%)")
    assert "says match but is a string.json" in proc.stdout and "integer" in proc.stdout
