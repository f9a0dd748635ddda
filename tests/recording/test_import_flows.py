"""mitmproxy flow dumps (written by mitmproxy's own FlowWriter) read as recordings: format, redaction, damage."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from mitmproxy import http
from mitmproxy.io import FlowWriter, tnetstring
from mitmproxy.test import tflow

from apilint.recording.reader import read_recordings
from tests.conftest import ROOT, run_cli
from tests.recording.chrome_har import ACCESS_TOKEN, API_KEY, CARD, COOKIE, EMAIL, JWT, PASSWORD, SECRETS


def _login_flow() -> http.HTTPFlow:
    req = http.Request.make(
        "POST", f"http://127.0.0.1:8080/v1/login?api_key={API_KEY}&lang=en",
        json.dumps({"username": "alice", "password": PASSWORD, "email": EMAIL}),
        {"Content-Type": "application/json", "Authorization": f"Bearer {JWT}", "Cookie": f"session={COOKIE}"})
    answer = json.dumps({"access_token": ACCESS_TOKEN, "user": {"id": 7, "card": CARD}}).encode()
    resp = http.Response.make(200, answer, {  # gzip-encoded on the wire (raw_content)
        "Content-Type": "application/json", "Content-Encoding": "gzip", "Set-Cookie": f"session={COOKIE}; HttpOnly"})
    assert gzip.decompress(resp.raw_content) == answer
    req.timestamp_start, resp.timestamp_end = 1_796_542_201.25, 1_796_542_201.3
    return tflow.tflow(req=req, resp=resp)


def _dump(path: Path, flows: list) -> list[int]:
    """Write the flows; the byte offset where each one starts."""
    offsets = []
    with path.open("wb") as fh:
        writer = FlowWriter(fh)
        for flow in flows:
            offsets.append(fh.tell())
            writer.add(flow)
    return offsets


def test_http_flows_become_records_as_the_proxy_records_them(tmp_path):
    path = tmp_path / "flows.mitm"
    _dump(path, [_login_flow(), tflow.ttcpflow(), tflow.tdnsflow(), tflow.tflow(err=True), tflow.tflow(resp=True)])
    reader = read_recordings(str(path))
    login, other = list(reader)
    assert login["ts"] == "2026-12-06T07:30:01.250Z" and login["duration_ms"] == 50.0
    req, resp = login["request"], login["response"]
    assert req["method"] == "POST" and req["path"] == "/v1/login"
    assert req["query"] == [["api_key", "<redacted:secret>"], ["lang", "en"]]
    assert dict(req["headers"])["authorization"] == "Bearer <redacted:token>"
    assert resp["body"]["user"]["id"] == 7  # gzip undone as the proxy undoes it
    assert resp["body"]["access_token"] == "<redacted:secret>"
    assert other["request"]["path"] == "/path"
    # a TCP flow, a DNS flow and an HTTP flow that ended without a response: skipped and counted
    assert reader.skipped == 3
    assert any(p.endswith("flows.mitm#4: no response recorded") for p in reader.problems), reader.problems
    assert any("1 tcp flow skipped (not HTTP)" in p for p in reader.problems), reader.problems
    text = json.dumps([login, other])
    assert [s for s in SECRETS if s in text] == []


def test_a_dump_with_any_name_is_known_by_its_content(tmp_path):
    path = tmp_path / "dump"
    _dump(path, [_login_flow()])
    assert len(list(read_recordings(str(path)))) == 1


def test_a_dump_truncated_after_good_flows_keeps_them_and_names_the_damage(tmp_path):
    path = tmp_path / "killed.flows"
    offsets = _dump(path, [_login_flow(), _login_flow(), _login_flow()])
    path.write_bytes(path.read_bytes()[: offsets[2] + 40])  # mitmdump killed while writing the third
    reader = read_recordings(str(path))
    assert len(list(reader)) == 2 and reader.skipped == 1
    assert reader.problems[0].endswith(f"killed.flows: byte {offsets[2]}: truncated or damaged after 2 flows; "
                                       "the rest is lost"), reader.problems
    out = tmp_path / "contracts"
    proc = run_cli("contracts", "build", str(path), "--out", str(out))
    assert proc.returncode == 0 and "2 exchanges" in proc.stdout and "1 unreadable lines skipped" in proc.stdout, (
        proc.stdout + proc.stderr)


@pytest.mark.parametrize("damage", ["garbage", "first-flow-truncated", "not-a-flow"])
def test_a_dump_damaged_from_its_start_exits_2_with_one_line(tmp_path, damage):
    path = tmp_path / "broken.mitm"
    _dump(path, [_login_flow()])
    path.write_bytes({"garbage": b"garbage", "first-flow-truncated": path.read_bytes()[:30],
                      "not-a-flow": tnetstring.dumps({"version": 21, "type": "http"})}[damage])
    proc = run_cli("contracts", "build", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert "broken.mitm: byte 0: not a mitmproxy flow dump, or damaged from its start" in lines[0], lines[0]


def test_without_mitmproxy_one_line_names_the_extra(tmp_path):
    path = tmp_path / "flows.mitm"
    _dump(path, [_login_flow()])
    code = ("import sys; sys.modules['mitmproxy'] = None; from apilint.cli import main; "
            f"sys.exit(main(['contracts', 'build', {str(path)!r}, '--out', {str(tmp_path / 'out')!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("apilint: reading mitmproxy flow dumps needs mitmproxy: "
                                   "pip install 'apilint[proxy]' (mitmproxy missing)")


def test_the_traffic_report_reads_a_dump_and_shows_no_secret(tmp_path):
    from apilint.cli import main

    _dump(tmp_path / "flows.mitm", [_login_flow()])
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/v1/login": {"post": {"responses": {"201": {"description": "created"}}}}}}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    out = tmp_path / "report.json"
    code = main(["traffic", "report", str(tmp_path / "flows.mitm"), "--spec", str(tmp_path / "spec.json"),
                 "-f", "json", "-o", str(out)])
    text = out.read_text()
    assert code == 1 and json.loads(text)["records"] == 1  # 200 is not documented: drift
    assert [s for s in SECRETS if s in text] == []
