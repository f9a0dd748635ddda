"""Checks made on a whole editor buffer without copying or encoding it equal the copying ones."""

from __future__ import annotations

import random

from apilint.engine.discover import is_openapi_root, is_openapi_root_text
from apilint.load.source import _JSON_START

_PIECES = ['openapi', 'swagger', '"openapi"', "'swagger'", ":", " ", "\n", "\t", "{", "[", '"', "3.", "2.", "é",
           "\ud800", "x", "\x0b", "\u2028", "\r", " : ", '"3.0"', "\xa0", "\x1c", "\x85"]


def _texts(count: int):
    rng = random.Random(23)
    for _ in range(count):
        yield "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))


def test_root_detection_on_text_equals_detection_on_its_utf8_bytes():
    for text in _texts(50_000):
        assert is_openapi_root_text(text) == is_openapi_root(text.encode("utf-8", "replace")), repr(text)


def test_json_start_equals_stripping_the_text():
    for text in _texts(20_000):
        assert bool(_JSON_START.match(text)) == text.lstrip().startswith(("{", "[")), repr(text)
