"""The writers read only the neutral model: a producer that fills a Report gets every format it is offered."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema

from apilint.report import CASE_FORMATS, render
from apilint.report.model import Case, Item, Location, Report

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-2.1.0.json").read_text())


def test_a_new_producer_of_cases_gets_every_case_format():
    # e.g. a mock server's journal: each request served is a case
    miss = Item(kind="no-route", level="breaking", message="no stub for GET /x", where="request")
    cases = [Case("GET /x", "breaking", "journal", (miss,), reproduce="curl http://mock/x"), Case("GET /y", "pass", "")]
    report = Report(shape="cases", tool="mock", summary="mock: 2 requests, 1 unmatched", document={"served": 2},
                    cases=cases, items=[miss])
    out = {fmt: render(report, fmt) for fmt in CASE_FORMATS}
    assert out["text"].splitlines()[:2] == ["BREAKING GET /x  journal",
                                            "  breaking request: no stub for GET /x [no-route]"]
    assert out["text"].endswith("mock: 2 requests, 1 unmatched\n")
    assert json.loads(out["json"]) == {"served": 2}
    assert out["markdown"].startswith("## apilint mock: Breaking changes found")
    suite = ET.fromstring(out["junit"])
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")


def _changes() -> Report:
    moved = Item(kind="path-removed", level="breaking", message="GET /a removed",
                 location=Location("api.yaml", 3, 0, "/paths/~1a"))
    allowed = Item(kind="path-removed", level="breaking", message="GET /b removed", accepted="sunset passed")
    unplaced = Item(kind="enum-widened", level="info", message="new value")
    return Report(shape="changes", tool="diff", summary="2 changes", document={}, items=[moved, allowed, unplaced])


def test_sarif_of_any_shape_is_valid_and_describes_unknown_kinds():
    document = json.loads(render(_changes(), "sarif"))
    jsonschema.validate(document, SARIF_SCHEMA)
    run = document["runs"][0]
    assert run["tool"]["driver"]["name"] == "apilint-diff"
    assert run["results"][1]["suppressions"] == [{"kind": "external", "justification": "sunset passed"}]
    assert "locations" not in run["results"][2]
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 1}
    assert run["tool"]["driver"]["rules"][0]["fullDescription"] == {"text": "enum-widened"}


def test_github_annotates_counted_items_only():
    lines = render(_changes(), "github").splitlines()
    assert lines == ["::error file=api.yaml,line=3,col=0,title=path-removed::GET /a removed",
                     "::notice title=enum-widened::new value", "2 changes"]

