"""HAR 1.2 files (Chrome's devtools shape) read as recordings: the record format, redaction on import, bad files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from apilint.recording.reader import read_recordings
from tests.conftest import run_cli
from tests.recording import chrome_har
from tests.recording.chrome_har import (
    ACCESS_TOKEN,
    API_KEY,
    CARD,
    COOKIE,
    COOKIE_ONLY_IN_ARRAY,
    EMAIL,
    JWT,
    PASSWORD,
    SECRETS,
)

STARTED = datetime(2026, 12, 6, 7, 30, 1, 250000, tzinfo=UTC)


def _login() -> dict:
    body = json.dumps({"username": "alice", "password": PASSWORD, "email": EMAIL}).encode()
    answer = json.dumps({"access_token": ACCESS_TOKEN, "user": {"id": 7, "email": EMAIL, "card": CARD}}).encode()
    return chrome_har.entry(
        "POST", f"https://api.example.test/v1/login?api_key={API_KEY}&lang=en",
        [("Content-Type", "application/json"), ("Authorization", f"Bearer {JWT}"),
         ("Cookie", f"session={COOKIE}; theme=dark"), ("Accept", "application/json")],
        body, 200, [("Content-Type", "application/json"), ("Set-Cookie", f"session={COOKIE}; Path=/; HttpOnly")],
        answer, STARTED, 42.75)


def _png() -> dict:
    return chrome_har.entry("GET", "https://api.example.test/v1/avatars/7", [("Accept", "image/png")], None, 200,
                            [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n\x00\x00binary", STARTED, 3.0,
                            binary=True,
                            extra_request_cookies=[{"name": "sid", "value": COOKIE_ONLY_IN_ARRAY, "path": "/"}])


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "capture.har"
    chrome_har.write(path, [_login(), _png()])
    return path


def test_entries_become_records_in_the_one_format(capture):
    reader = read_recordings(str(capture))
    login, avatar = list(reader)
    assert reader.read == 2 and reader.skipped == 0
    assert login["v"] == 1 and login["kind"] == "exchange" and login["operation"] is None
    assert login["ts"] == "2026-12-06T07:30:01.250Z" and login["duration_ms"] == 42.75
    req = login["request"]
    assert req["method"] == "POST" and req["path"] == "/v1/login"
    assert req["query"] == [["api_key", "<redacted:secret>"], ["lang", "en"]]
    names = [name for name, _ in req["headers"]]
    assert names == ["content-type", "authorization", "cookie", "accept"]  # no :authority, :method, ...
    assert dict(req["headers"])["authorization"] == "Bearer <redacted:token>"
    assert req["content_type"] == "application/json"
    assert req["body"]["username"] == "alice" and req["body"]["password"] != PASSWORD
    resp = login["response"]
    assert resp["status"] == 200 and resp["body"]["user"]["id"] == 7
    assert {"request.headers.authorization", "request.query.api_key", "response.body.access_token"} <= set(
        login["redacted"])
    # binary content arrives base64-encoded and is recorded by its size, as the proxy records it
    assert avatar["response"]["body_note"] == {"omitted": "binary", "bytes": 16}
    # a cookie only in the HAR's cookies array becomes a cookie header, redacted by name like one
    assert dict(avatar["request"]["headers"])["cookie"].startswith("sid=")


def test_no_planted_secret_reaches_the_records(capture):
    text = json.dumps(list(read_recordings(str(capture))))
    assert [s for s in SECRETS if s in text] == []
    assert COOKIE_ONLY_IN_ARRAY not in text and ACCESS_TOKEN not in text  # also not via _initiator's URL


def test_contracts_build_reads_a_har_file(capture, tmp_path):
    out = tmp_path / "contracts"
    proc = run_cli("contracts", "build", str(capture), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "2 exchanges" in proc.stdout
    written = sorted(p.name for p in out.iterdir())
    assert written == ["GET_v1_avatars_avatar_id.yaml", "POST_v1_login.yaml"], written
    text = "".join(p.read_text() for p in out.iterdir()) + proc.stdout + proc.stderr
    assert [s for s in SECRETS if s in text] == []


def test_a_folder_mixing_segments_and_har_files(capture, tmp_path):
    folder = tmp_path / "rec"
    (folder / "browser").mkdir(parents=True)
    capture.rename(folder / "browser" / "capture.har")
    record = next(iter(read_recordings(str(folder / "browser" / "capture.har"))))
    (folder / "seg-1.jsonl").write_text(json.dumps(record) + "\n")
    reader = read_recordings(str(folder))
    assert len(list(reader)) == 3 and reader.skipped == 0


def test_a_har_saved_as_json_is_known_by_its_content(capture, tmp_path):
    saved = tmp_path / "export.json"
    saved.write_bytes(b"\xef\xbb\xbf" + capture.read_bytes())  # with the BOM some tools write
    assert len(list(read_recordings(str(saved)))) == 2


def test_entries_that_cannot_be_exchanges_are_skipped_and_counted(tmp_path):
    good = _login()
    blocked = {**_png(), "response": {**_png()["response"], "status": 0}}  # Chrome: blocked / cancelled
    no_time = {**_png(), "startedDateTime": "yesterday"}
    path = tmp_path / "partial.har"
    chrome_har.write(path, [good, blocked, "not an entry", no_time])
    reader = read_recordings(str(path))
    assert len(list(reader)) == 1 and reader.skipped == 3
    shown = reader.problems
    assert shown[0].endswith("partial.har#/log/entries/1: no response (status 0: blocked, cancelled or failed)")
    assert "#/log/entries/2: an entry needs a request object" in shown[1]
    assert "#/log/entries/3: startedDateTime 'yesterday' is not an ISO 8601 time" in shown[2]


def test_form_params_without_text_are_recorded_and_redacted(tmp_path):
    form = chrome_har.entry("POST", "http://127.0.0.1/v1/token", [("Content-Type", "application/x-www-form-urlencoded")],
                            None, 200, [("Content-Type", "application/json")], b"{}", STARTED)
    form["request"]["postData"] = {"mimeType": "application/x-www-form-urlencoded",
                                   "params": [{"name": "grant_type", "value": "password"},
                                              {"name": "password", "value": PASSWORD}]}
    path = tmp_path / "form.har"
    chrome_har.write(path, [form])
    [record] = list(read_recordings(str(path)))
    assert record["request"]["body_text"] == "grant_type=password&password=%3Credacted%3Asecret%3E"
    assert PASSWORD not in json.dumps(record)


@pytest.mark.parametrize("content, where, message", [
    ('{"log": {"entries": [', ":1:22:", "not JSON, so not a HAR file"),
    ('{"log": {"version": "1.2"}}', ":1:2:", "a HAR file needs log.entries"),
    ('{"log": {"entries": {}}}', ":1:10:", "a HAR file needs log.entries"),
    ('[1, 2]', ":1:1:", "a HAR file needs log.entries"),
], ids=["truncated", "no-entries", "entries-not-a-list", "not-an-object"])
def test_bad_har_files_exit_2_with_one_line(tmp_path, content, where, message):
    path = tmp_path / "bad.har"
    path.write_text(content)
    for command in (["contracts", "build", str(path), "--out", str(tmp_path / "out")],
                    ["replay", str(path), "--target", "http://127.0.0.1:9"]):
        proc = run_cli(*command)
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr
        assert f"bad.har{where}" in lines[0] and message in lines[0], lines[0]
