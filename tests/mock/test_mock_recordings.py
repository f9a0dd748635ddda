"""`apilint mock` serving raw recordings: path values and body fields echoed as the recordings show."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.mock.harness import start_mock


def _record(method: str, path: str, operation: str | None, status: int, body: object, response: object) -> dict:
    return {"v": 1, "kind": "exchange", "id": f"{method}{path}", "ts": "2026-11-22T10:00:00.000Z",
            "duration_ms": 1.0, "operation": operation,
            "request": {"method": method, "path": path, "query": [], "content_type": "application/json",
                        "headers": [["content-type", "application/json"], ["accept", "*/*"]],
                        "body": body, "body_text": None},
            "response": {"status": status, "headers": [["content-type", "application/json"], ["date", "x"]],
                         "content_type": "application/json", "body": response, "body_text": None},
            "violations": [], "redacted": []}


def test_path_values_and_body_fields_the_recordings_echo_are_echoed(tmp_path: Path):
    folder = tmp_path / "rec"
    folder.mkdir()
    lines = [
        _record("GET", "/v1/orders/o-1", "GET /v1/orders/{order_id}", 200, None, {"order_id": "o-1", "total": 3}),
        _record("POST", "/v1/notes", None, 201, {"text": "hello", "pinned": True},
                {"note_id": 7, "text": "hello", "pinned": True, "owner": "me"}),
    ]
    segment = folder / "rec-1.jsonl"
    segment.write_text("".join(json.dumps(r) + "\n" for r in lines) + '{"torn": ')
    mock = start_mock(str(folder))
    try:
        with httpx.Client(base_url=mock.url, timeout=5) as client:
            got = client.get("/v1/orders/o-777")
            assert (got.status_code, got.json()) == (200, {"order_id": "o-777", "total": 3})
            assert "date" not in got.headers or got.headers["date"] != "x"
            note = client.post("/v1/notes", json={"text": "other words", "pinned": True})
            assert note.json() == {"note_id": 7, "text": "other words", "pinned": True, "owner": "me"}
            unpinned = client.post("/v1/notes", json={"text": "x", "pinned": False})
            assert unpinned.status_code == 598  # a literal the answer does not echo must be equal
            assert unpinned.json()["nearest"]["differences"][0]["where"] == "body.pinned"
    finally:
        code, stderr = mock.stop()
    assert "1 recorded line(s) skipped; first: " in stderr and "rec-1.jsonl:3: torn line" in stderr
    assert code == 1
