"""Text from specs, paths and recordings cannot drive the reader's terminal or break a document: every
human-readable format shows control characters escaped (issue 16), JUnit stays well-formed XML, and the
machine formats (JSON, SARIF) keep the exact value."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from tests.conftest import run_cli

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-2.1.0.json").read_text())
EVIL = "\x1b]0;pwned\x07\x1b[2J"  # sets the window title, clears the screen
SHOWN = "\\x1b]0;pwned\\x07\\x1b[2J"
SPEC_NAME = f"shop{EVIL}.json"
PROPERTY = f"db_shard{EVIL}"  # storage-term-exposed quotes it
HUMAN = ("text", "github", "junit", "markdown")


def _spec(property_type: str = "string") -> str:
    schema = {"type": "object", "properties": {"order_id": {"type": "string"}, PROPERTY: {"type": property_type}}}
    return json.dumps({
        "openapi": "3.0.3", "info": {"title": "Shop", "version": "1.0.0"},
        "paths": {"/v1/orders/{order_id}": {"get": {
            "operationId": "getOrder",
            "parameters": [{"name": "order_id", "in": "path", "required": True,
                            "schema": {"type": "string", "maxLength": 64}}],
            "responses": {"200": {"description": "The order",
                                  "content": {"application/json": {"schema": schema}}}}}}},
    }, indent=2)


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    (tmp_path / SPEC_NAME).write_text(_spec())
    (tmp_path / f"broken{EVIL}.yaml").write_text("openapi: 3.0.3\ninfo: [\n")  # an error naming the path
    return tmp_path


def _assert_escaped(output: str) -> None:
    assert not any(c in output for c in "\x1b\x07\x9b\x7f"), ascii(output)
    assert SHOWN in output


@pytest.mark.parametrize("fmt", HUMAN)
def test_check_escapes_paths_and_spec_text_in_human_formats(specs, fmt):
    result = run_cli("check", "--no-cache", "--preset", "strict", "-f", fmt, ".", cwd=specs)
    assert result.returncode == 2, result.stderr
    _assert_escaped(result.stdout)
    _assert_escaped(result.stderr)
    assert f"property 'db_shard{SHOWN}'" in result.stdout
    assert f"apilint: broken{SHOWN}.yaml:3:1: " in result.stderr  # the error line, escaped too


def test_junit_with_control_characters_is_well_formed_xml(specs):
    output = run_cli("check", "--no-cache", "--preset", "strict", "-f", "junit", ".", cwd=specs).stdout
    suites = ET.fromstring(output)  # raised "not well-formed (invalid token)" before
    assert f"shop{SHOWN}.json" in {suite.get("name") for suite in suites}


def test_machine_formats_keep_the_exact_values(specs):
    document = json.loads(run_cli("check", "--no-cache", "--preset", "strict", "-f", "json", ".", cwd=specs).stdout)
    leak = next(f for f in document["findings"] if f["rule"] == "storage-term-exposed" and EVIL in f["message"])
    assert leak["file"] == SPEC_NAME and f"'{PROPERTY}'" in leak["message"]
    output = run_cli("check", "--no-cache", "--preset", "strict", "-f", "sarif", ".", cwd=specs).stdout
    assert "\x1b" not in output  # JSON escapes it
    sarif = json.loads(output)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {SPEC_NAME}


@pytest.mark.parametrize("fmt", ("text", "github", "markdown"))
def test_diff_escapes_in_human_formats(tmp_path, fmt):
    (tmp_path / f"old{EVIL}.json").write_text(_spec())
    (tmp_path / "new.json").write_text(_spec("integer"))
    result = run_cli("diff", "-f", fmt, f"old{EVIL}.json", "new.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    _assert_escaped(result.stdout)


def _run_document() -> dict:
    """A replay/fuzz JSON report whose recorded request and difference carry control characters."""
    difference = {"severity": "breaking", "kind": "status", "where": f"body.{EVIL}", "message": f"got {EVIL}\x9b2J",
                  "expected": EVIL, "actual": "\x7f"}
    result = {"id": "1", "name": f"list{EVIL}", "source": f"recordings/{EVIL}.jsonl", "method": "GET",
              "path": f"/v1/{EVIL}", "outcome": "breaking", "differences": [difference], "noise": 0,
              "curl": f"curl 'http://x/v1/{EVIL}'"}
    return {"breaking": True, "tool": "replay", "summary": {"total": 1, "pass": 0, "warning": 0, "breaking": 1,
                                                            "noise": 0}, "results": [result]}


@pytest.mark.parametrize("fmt", ("text", "markdown", "junit"))
def test_replay_and_fuzz_results_are_escaped_in_human_formats(tmp_path, fmt):
    (tmp_path / "shard.json").write_text(json.dumps(_run_document()))
    result = run_cli("report", "merge", "-f", fmt, "shard.json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    _assert_escaped(result.stdout)
    assert "\\x9b2J" in result.stdout
    if fmt == "junit":
        ET.fromstring(result.stdout)


def test_replay_json_keeps_the_exact_values(tmp_path):
    (tmp_path / "shard.json").write_text(json.dumps(_run_document()))
    output = run_cli("report", "merge", "-f", "json", "shard.json", cwd=tmp_path).stdout
    assert json.loads(output)["results"][0]["path"] == f"/v1/{EVIL}"


def test_github_encodes_what_workflow_commands_read_as_syntax():
    from apilint.report import render
    from apilint.report.model import Item, Location, Report

    item = Item(kind="k,i:d", level="warning", message=f"50%\nnext\r{EVIL}", location=Location("a:b,c%.yaml", 3, 1))
    line = render(Report(shape="changes", tool="diff", summary="1", document={}, items=[item]), "github")
    assert line.splitlines()[0] == ("::warning file=a%3Ab%2Cc%25.yaml,line=3,col=1,title=k%2Ci%3Ad::"
                                    f"50%25%0Anext\\x0d{SHOWN}")
