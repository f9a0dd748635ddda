"""Records written with orjson read back exactly as the ``json`` module's lines did."""

from __future__ import annotations

import json
import math
import time

import pytest

from apilint.recording.build import build, encode
from apilint.recording.capture import Captured
from apilint.recording.redaction import Redactor


def _reference(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


BODIES = [
    b'{"n": 1, "f": 1.5, "e": 1e16, "small": 1e-7, "neg": -0.0, "s": "Zo\xc3\xab \xe2\x82\xac \\u2028", "t": true}',
    b'{"big": 123456789012345678901234567890, "card": 4111111111111111}',
    b'{"x": NaN, "y": Infinity, "z": -Infinity}',
    b'{"huge": 1e400}',
    b'["\\ud800 lone surrogate"]',
    b'{"nested": {"password": "p", "items": [{"email": "a@example.com"}, null, [], {}]}}',
    b"not json at all",
]


@pytest.mark.parametrize("body", BODIES)
def test_lines_read_back_as_before(body):
    cap = Captured(
        started=time.time(),
        duration_ms=1.25,
        method="POST",
        path="/v1/things",
        query=[("q", "1")],
        req_headers=[("content-type", "application/json")],
        req_body=body,
        req_type="application/json",
        status=200,
        resp_headers=[("content-type", "application/json")],
        resp_body=body,
        resp_type="application/json",
    )
    record = build(cap, Redactor(), None)
    try:
        expected = _reference(record)
    except UnicodeEncodeError:  # a lone surrogate could never be written; it still cannot
        with pytest.raises(UnicodeEncodeError):
            encode(record)
        return
    line = encode(record)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert _same(json.loads(line), json.loads(expected))
    if b"NaN" in body or b"Infinity" in body or b"1e400" in body:
        assert line == expected  # non-finite numbers are still spelled as json spells them
