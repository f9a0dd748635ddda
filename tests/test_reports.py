"""Every output format, from the real CLI on one spec with known findings."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from .conftest import run_cli
from .test_engine import SPEC

DATA = Path(__file__).parent / "data"


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC)
    return path


def render(spec, fmt):
    result = run_cli("check", "--no-cache", "-f", fmt, spec.name, cwd=spec.parent)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_json_contract(spec):
    document = json.loads(render(spec, "json"))
    finding = next(f for f in document["findings"] if f["rule"] == "verb-in-path")
    assert finding == {"rule": "verb-in-path", "severity": "warning", "file": "spec.yaml", "line": 20, "column": 5,
                       "pointer": "/paths/~1createOrder/post", "message": finding["message"], "hint": finding["hint"]}
    assert document["summary"]["by_severity"]["error"] >= 1


def test_sarif_is_valid_sarif_2_1_0(spec):
    document = json.loads(render(spec, "sarif"))
    schema = json.loads((DATA / "sarif-2.1.0.json").read_text())
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    result = next(r for r in run["results"] if r["ruleId"] == "verb-in-path")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (20, 5)
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "verb-in-path"


def test_github_annotations(spec):
    lines = render(spec, "github").splitlines()
    assert any(line.startswith("::warning file=spec.yaml,line=20,col=5,title=verb-in-path::") for line in lines)
    assert any(line.startswith("::error file=spec.yaml,") and "pagination-missing" in line for line in lines)


def test_junit(spec):
    root = ET.fromstring(render(spec, "junit"))
    failures = root.findall(".//testcase/failure")
    assert len(failures) >= 2 and any(f.get("type") == "error" for f in failures)


def test_markdown(spec):
    text = render(spec, "markdown")
    assert text.startswith("## apilint check") and "| `verb-in-path` | `spec.yaml:20` |" in text
    assert text.index("pagination-missing") < text.index("verb-in-path")  # errors first


def test_text_grouped_with_summary(spec):
    text = render(spec, "text")
    assert text.splitlines()[0] == "spec.yaml"
    assert "20:5" in text and "verb-in-path" in text
    assert "problems (" in text.strip().splitlines()[-1]


def test_output_file(spec):
    result = run_cli("check", "--no-cache", "-f", "sarif", "-o", "out.sarif", spec.name, cwd=spec.parent)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads((spec.parent / "out.sarif").read_text())["version"] == "2.1.0"
