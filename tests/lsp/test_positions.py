"""LSP positions count UTF-16 code units; apilint counts characters."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from apilint.lsp.diagnostics import from_utf16, utf16_length


def test_utf16_units_and_characters_convert_both_ways():
    line = 'x: "🙂é" $ref: "#/a"'
    assert utf16_length(line) == len(line) + 1
    assert [from_utf16(line, utf16_length(line[:i])) for i in range(len(line) + 1)] == list(range(len(line) + 1))
    assert from_utf16("plain", 3) == 3
