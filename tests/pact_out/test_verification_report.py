"""The verification report of pacts: every interaction by consumer and provider, pass or fail, with the path of
each mismatch and what was expected and what came, in every case format (one writer per format)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from apilint.replay.report import report, run_report
from apilint.report import render


def result(name, consumer, outcome, differences=()):
    return {"id": name, "name": name, "source": "web-orders.json:3", "method": "GET", "path": "/v1/orders/1",
            "outcome": outcome, "expected_status": 200, "actual_status": 200, "noise": 0, "elapsed_ms": 1.0,
            "differences": list(differences), "consumer": consumer, "provider": "orders"}


MISMATCH = {"severity": "breaking", "kind": "field_removed", "where": "body.order_id", "message": "field removed",
            "expected": "order_id", "actual": None}
DOC = report([result("get order", "web", "breaking", [MISMATCH]), result("list orders", "web", "pass"),
              result("get order", "mobile", "pass")], "replay")


def test_text_lists_every_interaction_by_consumer_and_provider():
    text = render(run_report(DOC), "text")
    web = text.index("pact web → orders: 2 interactions, 1 passed, 1 not")
    mobile = text.index("pact mobile → orders: 1 interactions, 1 passed, 0 not")
    assert web < text.index("PASS     GET /v1/orders/1 (list orders)") < mobile
    assert "body.order_id: field removed [field_removed] expected order_id, got null" in text


def test_markdown_has_a_section_per_pact_with_each_verdict():
    markdown = render(run_report(DOC), "markdown")
    section = markdown[markdown.index("### Pact web → orders"):markdown.index("### Pact mobile → orders")]
    assert "✅ pass" in section and "❌ breaking" in section and "body.order_id: field removed" in section


def test_junit_names_the_pact_as_the_class_of_each_case():
    suite = ET.fromstring(render(run_report(DOC), "junit"))
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    failing = cases[("web → orders", "GET /v1/orders/1 (get order)")]
    assert failing.find("failure") is not None and "body.order_id" in failing.find("failure").text
    assert cases[("mobile → orders", "GET /v1/orders/1 (get order)")].find("failure") is None


def test_json_carries_consumer_and_provider_and_plain_replays_stay_as_they_were():
    assert json.loads(render(run_report(DOC), "json"))["results"][0]["consumer"] == "web"
    plain = report([{**result("x", None, "pass"), "consumer": None, "provider": None}], "replay")
    assert "pact " not in render(run_report(plain), "text")
