"""The real proxy never writes a planted secret, whatever the body's declared type or where it hides
(issue 16): every value in ``canned.PLANTED`` travels in requests and responses, then the whole out
folder is scanned for it raw, percent-encoded and base64-encoded."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
import pytest
from canned import JSON_WITH_EVERYTHING, PLANTED
from harness import start_proxy, start_upstream, wait_for_metric, written_files

from apilint.recording.reader import read_recordings

P = PLANTED
MULTIPART = (
    "--XyZ\r\n"
    'Content-Disposition: form-data; name="user"\r\n\r\nalice\r\n'
    "--XyZ\r\n"
    'Content-Disposition: form-data; name="password"\r\n\r\n' + P["multipart_field"] + "\r\n"
    "--XyZ\r\n"
    'Content-Disposition: form-data; name="doc"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n'
    + P["multipart_file"] + "\r\n"
    "--XyZ--\r\n"
)
REQUESTS = [
    {"method": "POST", "url": "/a", "content": json.dumps({"password": P["text_plain_json"]}),
     "headers": {"content-type": "text/plain"}},
    {"method": "POST", "url": "/b", "content": json.dumps({"secret_answer": P["no_type_json"]})},
    {"method": "POST", "url": "/c", "content": '{"password": "' + P["broken_json"] + '", ',
     "headers": {"content-type": "application/json"}},
    {"method": "POST", "url": "/d", "content": MULTIPART, "headers": {"content-type": "multipart/form-data; boundary=XyZ"}},
    {"method": "POST", "url": "/e", "content": f"<login><password>{P['xml']}</password></login>",
     "headers": {"content-type": "application/xml"}},
    {"method": "GET", "url": "/planted/redirect", "headers": {"referer": f"https://app.example/p?token={P['referer_token']}"}},
    {"method": "GET", "url": "/users/" + quote(P["path_email"], safe="")},
    {"method": "POST", "url": "/f", "content": JSON_WITH_EVERYTHING, "headers": {"content-type": "application/json"}},
    {"method": "GET", "url": f"/g?session={P['query_session']}&code={P['query_code']}",
     "headers": {"x-authentication": P["x_authentication"], "x-refresh": P["x_refresh"]}},
    {"method": "GET", "url": "/planted/json-as-text"},
    {"method": "GET", "url": "/planted/xml"},
    {"method": "GET", "url": "/planted/page"},
]


def forms(value: str) -> set[bytes]:
    raw = value.encode()
    return {raw, quote(value, safe="").encode(), quote_plus(value).encode(), base64.b64encode(raw),
            base64.urlsafe_b64encode(raw), base64.b64encode(raw).rstrip(b"=")}


@pytest.fixture(scope="module")
def out_folder(tmp_path_factory):
    service = start_upstream("canned_upstream.py")
    out = str(tmp_path_factory.mktemp("rec") / "live")
    proxy = start_proxy(service, out)
    try:
        with httpx.Client(base_url=proxy.url, timeout=10, follow_redirects=False) as client:
            for spec in REQUESTS:
                assert client.request(**spec).status_code in (200, 302)
        wait_for_metric(proxy, f"apilint_proxy_written_total {len(REQUESTS)}\n")
    finally:
        proxy.stop()
        service.stop()
    return out


def test_no_planted_value_reaches_any_file_in_any_encoding(out_folder):
    files = written_files(out_folder)
    assert files
    blob = b"".join(Path(f).read_bytes() for f in files)
    leaked = {name for name, value in P.items() for form in forms(value) if form in blob}
    assert not leaked


def test_records_say_what_they_omitted_and_what_they_only_pattern_matched(out_folder):
    records = {r["request"]["path"]: r for r in read_recordings(out_folder)}
    assert records["/c"]["request"]["body_note"] == {"omitted": "invalid_json", "bytes": len(REQUESTS[2]["content"])}
    assert records["/a"]["request"]["body"] == {"password": "<redacted:secret>"}  # sniffed as JSON
    assert records["/e"]["request"]["body_text"] == "<login><password>&lt;redacted:secret&gt;</password></login>"
    assert "name=\"user\"\r\n\r\nalice" in records["/d"]["request"]["body_text"]  # other fields stay
    assert records["/users/<redacted:email>"]["response"]["status"] == 200
    location = dict(records["/planted/redirect"]["response"]["headers"])["location"]
    assert location.startswith("https://app.example/cb?access_token=<redacted:secret>&code=<redacted:secret>")


def test_paging_cursors_are_recorded_and_secrets_next_to_them_are_not(out_folder):
    """Issue 15: an opaque cursor is not a secret by its name; recorded paging can be linked."""
    body = {r["request"]["path"]: r for r in read_recordings(out_folder)}["/planted/page"]["response"]["body"]
    assert body["next_page_token"] == "cursor-page-2Xy"
    assert body["access_token"] == "<redacted:secret>"
