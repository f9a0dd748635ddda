"""The GitHub Action's job summary, byte for byte (golden taken on the code before the one output layer)."""

from __future__ import annotations

import os
from pathlib import Path

from apilint.ci.github_action import Inputs, Outcome, summary

GOLDEN = Path(__file__).parent / "golden"


def _inputs(base: str) -> Inputs:
    return Inputs(specs=["api.yaml"], base=base, fail_on={"breaking"}, sarif="a.sarif", config="", recordings="",
                  target="", replay_args=[])


def _outcome() -> Outcome:
    return Outcome(
        findings=[{"rule": "verb-in-path", "severity": "warning", "file": "api|v1.yaml", "line": 20,
                   "message": "a verb\nin the path"},
                  {"rule": "pagination-missing", "severity": "error", "file": "api.yaml", "line": 7,
                   "message": "no pagination"}],
        changes=[{"id": "response-property-removed", "level": "breaking", "message": "`total|cents` removed",
                  "operation": "GET /orders", "spec": "api.yaml"},
                 {"id": "enum-value-added", "level": "warning", "message": "new value", "element": "Status",
                  "spec": "api.yaml"},
                 {"id": "operation-removed", "level": "breaking", "message": "gone", "allowed": "sunset",
                  "spec": "api.yaml"}],
        diff_errors=["other.yaml: no such file"], replay={"breaking": True, "results": [{}, {}]})


def _check(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("APILINT_WRITE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_summary_with_everything():
    _check("action-summary-full.md", summary(_inputs("origin/main"), _outcome()))


def test_summary_without_base_or_findings():
    _check("action-summary-empty.md", summary(_inputs(""), Outcome(check_errors=["boom"])))


def test_summary_of_thousands_of_changes_stays_under_github_limits():
    changes = [{"id": "response-property-removed", "level": "breaking", "spec": "api.yaml", "operation": f"GET /x{n}",
                "message": f"GET /x{n}: response 200 property `customer/phone`: optional property removed"}
               for n in range(5000)]
    text = summary(_inputs("origin/main"), Outcome(changes=changes))
    assert len(text) <= 60_001  # the bound, and the final newline
    assert "GET /x0:" in text and "… " in text and "more, see the JSON artifact" in text
    shown = sum(1 for line in text.splitlines() if line.startswith("| `api.yaml`"))
    assert f"… {5000 - shown} more" in text
