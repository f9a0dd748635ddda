"""The body pipeline without a proxy: what is parsed, what is only pattern-matched, what is omitted."""

from __future__ import annotations

import gzip

import pytest

from apilint.recording.decode import BodyTooLarge, decode, decode_or_raw
from apilint.recording.redact_body import redact_body
from apilint.recording.redaction import Redactor


def run(raw: bytes, ctype: str | None):  # type: ignore[no-untyped-def]
    found: list[str] = []
    return (*redact_body(raw, ctype, Redactor(), "b", found), found)


def test_json_is_sniffed_whatever_the_declared_type():
    body, text, note, found = run(b' {"password": "x", "n": 4111111111111111.0}', "text/plain")
    assert body == {"password": "<redacted:secret>", "n": 0} and text is None and note is None
    assert found == ["b.password", "b.n"]


@pytest.mark.parametrize(
    "raw,ctype,reason",
    [
        (b'{"password": "x",', "application/json", "invalid_json"),
        (b"[" * 100_000, "application/json", "invalid_json"),
        (b"\xff\xfe\x00", None, "binary"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "application/xml", "invalid_xml"),
        (b"--b\r\nbroken", "multipart/form-data; boundary=b", "invalid_multipart"),
    ],
    ids=["truncated-json", "nested-100000-deep", "binary", "xml-entity", "broken-multipart"],
)
def test_what_does_not_parse_is_omitted_with_its_size(raw, ctype, reason):
    body, text, note, _ = run(raw, ctype)
    assert (body, text, note) == (None, None, {"omitted": reason, "bytes": len(raw)})


def test_deep_but_valid_json_is_omitted_not_a_crash():
    raw = b"[" * 5000 + b"]" * 5000
    import sys

    if sys.getrecursionlimit() > 5000:
        pytest.skip("a recursion limit this high walks it")
    assert run(raw, "application/json")[2]["omitted"] in ("too_deep", "invalid_json")


def test_free_text_is_pattern_redacted_and_says_so():
    _, text, note, _ = run(b"user bob@example.org logged in with password='a b c'", "text/plain")
    assert text == "user <redacted:email> logged in with password='<redacted:secret>'"
    assert note == {"redaction": "patterns"}


def test_url_headers_and_percent_encoded_paths():
    r, found = Redactor(), []
    assert r.path("/users/bob%40example.com/x", "p", found) == "/users/<redacted:email>/x"
    link = r.headers([("link", '<https://a/x?api_key=K1&page=2>; rel="next"')], "h", found)
    assert link == [["link", '<https://a/x?api_key=<redacted:secret>&page=2>; rel="next"']]
    assert r.text("key AKIAIOSFODNN7EXAMPLE", "t", found) == "key <redacted:aws_key>"


def test_decoding_stops_at_the_limit():
    bomb = gzip.compress(b"\0" * (4 << 20))
    with pytest.raises(BodyTooLarge):
        decode(bomb, "gzip", 1 << 20)
    assert decode(bomb, "gzip", 8 << 20) == b"\0" * (4 << 20)
    assert decode_or_raw(b"not gzip", "gzip", 1 << 20) == b"not gzip"
