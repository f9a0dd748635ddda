"""An input that could not be read shows in the report itself, in every format: a run that failed to read a spec
never reads as clean (no "No problems found", no SARIF run that looks successful)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from tests.conftest import run_cli

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-2.1.0.json").read_text())
GOOD = 'openapi: 3.0.3\ninfo: {title: Shop, version: 1.0.0}\npaths: {}\n'
BAD = 'openapi: 3.0.3\ninfo:\n  title: Shop\n  version: 1.0.0\n  description: a: b\npaths: {}\n'
ERROR = "bad.yaml:5:17: invalid YAML: mapping values are not allowed in this context"


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "bad.yaml").write_text(BAD)
    return tmp_path


def _check(specs: Path, fmt: str) -> str:
    result = run_cli("check", "--no-cache", "-f", fmt, "good.yaml", "bad.yaml", cwd=specs)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"apilint: {ERROR}\n"
    assert "No problems found" not in result.stdout
    return result.stdout


def _diff(specs: Path, fmt: str) -> str:
    result = run_cli("diff", "-f", fmt, "good.yaml", "bad.yaml", cwd=specs)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"apilint: {ERROR}\n"
    return result.stdout


def _assert_sarif_run_failed(output: str) -> None:
    document = json.loads(output)
    jsonschema.validate(document, SARIF_SCHEMA)
    run = document["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": [{
        "level": "error", "message": {"text": ERROR},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad.yaml", "uriBaseId": "%SRCROOT%"},
                                            "region": {"startLine": 5, "startColumn": 17}}}]}]}]


def test_check_text_counts_the_specs_it_could_not_read(specs):
    assert _check(specs, "text") == "1 of 2 spec(s) could not be read; nothing found in the rest.\n"


def test_check_sarif_run_is_unsuccessful_with_a_notification_per_error(specs):
    _assert_sarif_run_failed(_check(specs, "sarif"))


def test_check_github_annotates_each_error_at_its_position(specs):
    lines = _check(specs, "github").splitlines()
    assert lines[0] == f"::error file=bad.yaml,line=5,col=17,title=could not read::{ERROR}"


def test_check_markdown_lists_the_inputs_that_could_not_be_read(specs):
    output = _check(specs, "markdown")
    assert f"**Inputs that could not be read:**\n\n- `{ERROR}`\n" in output


def test_check_junit_has_an_error_case_per_unreadable_input(specs):
    suites = ET.fromstring(_check(specs, "junit"))
    errors = suites.findall(".//testcase/error")
    assert [e.get("message") for e in errors] == [ERROR]


def test_check_json_keeps_its_errors(specs):
    assert json.loads(_check(specs, "json"))["errors"] == [ERROR]


def test_check_with_findings_says_what_it_could_not_read(specs):
    (specs / "good.yaml").write_text(GOOD.replace("paths: {}", "servers: [{url: 'http://api.example'}]\npaths: {}"))
    summary = _check(specs, "text").splitlines()[-1]
    assert summary.endswith("; 1 of 2 spec(s) could not be read."), summary


def test_diff_sarif_run_is_unsuccessful(specs):
    _assert_sarif_run_failed(_diff(specs, "sarif"))


def test_diff_reports_the_error_in_every_format(specs):
    assert _diff(specs, "text") == "not compared: 1 input could not be read\n"
    assert json.loads(_diff(specs, "json")) == {"changes": [], "errors": [ERROR]}
    assert _diff(specs, "github").splitlines()[0] == f"::error file=bad.yaml,line=5,col=17,title=could not read::{ERROR}"
    markdown = _diff(specs, "markdown")
    assert "No changes" not in markdown and f"**Inputs that could not be read:**\n\n- `{ERROR}`\n" in markdown


def test_a_missing_target_is_never_reported_clean(specs):
    for fmt in ("text", "markdown", "github"):
        result = run_cli("check", "--no-cache", "-f", fmt, "good.yaml", "missing.yaml", cwd=specs)
        assert result.returncode == 2 and "No problems found" not in result.stdout
