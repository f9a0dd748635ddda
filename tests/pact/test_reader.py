"""Reading pact files: versions, provider states, generators, bodies, folders."""

from __future__ import annotations

from pathlib import Path

from apilint.replay.loading import load
from tests.pact.pacts import v3_pact, v4_pact, write


def test_v4_reads_http_only_with_states_rules_and_unwrapped_body(tmp_path: Path) -> None:
    notes: list[str] = []
    [it] = load(str(write(tmp_path, "p.json", v4_pact())), notes)
    assert (it.method, it.path, it.name) == ("POST", "/v1/orders", "shop-app: create an order, any success status")
    assert it.body == {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}
    assert it.headers == [("content-type", "application/json")]
    assert it.provider_states == [{"name": "no orders"}]
    assert it.expected.rules is not None and it.expected.rules["status"]
    assert notes and "Asynchronous/Messages" in notes[0]


def test_v2_provider_state_query_string_xml_body_and_generators(tmp_path: Path) -> None:
    pact = {"consumer": {"name": "c"}, "provider": {"name": "p"},
            "interactions": [{"description": "xml", "providerState": "a cat exists",
                              "request": {"method": "get", "path": "/cats", "query": "a=1&a=2&b="},
                              "response": {"status": 200, "headers": {"Content-Type": "application/xml"},
                                           "body": "<cat name=\"Tom\"/>",
                                           "generators": {"body": {"$.id": {"type": "Uuid"}}}}}],
            "metadata": {"pactSpecification": {"version": "2.0.0"}}}
    [it] = load(str(write(tmp_path, "p.json", pact)), [])
    assert it.method == "GET" and it.query == [("a", "1"), ("a", "2"), ("b", "")]
    assert it.provider_states == [{"name": "a cat exists"}]
    assert it.expected.body_text == "<cat name=\"Tom\"/>"
    assert it.generators == {"response": {"body": {"$.id": {"type": "Uuid"}}}}


def test_a_folder_mixes_contracts_and_pacts_and_skips_other_json(tmp_path: Path) -> None:
    write(tmp_path, "web.json", v3_pact())
    write(tmp_path, "report.json", {"results": []})
    (tmp_path / "GET_x.yaml").write_text("interactions:\n  - request: {method: GET, path: /x}\n"
                                         "    response: {status: 200}\n")
    notes: list[str] = []
    found = load(str(tmp_path), notes)
    assert sorted(it.path for it in found) == ["/v1/orders", "/x"]
    assert any("report.json" in note and "not a pact" in note for note in notes)


def test_a_v3_message_pact_is_skipped_visibly(tmp_path: Path) -> None:
    pact = {"consumer": {"name": "c"}, "provider": {"name": "p"}, "messages": [{"description": "event"}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}}
    write(tmp_path, "events.json", pact)
    write(tmp_path, "web.json", v3_pact())
    notes: list[str] = []
    assert [it.path for it in load(str(tmp_path), notes)] == ["/v1/orders"]
    assert any("events.json: a message pact" in note for note in notes)
