"""Offsets to 1-based (line, column): one batch equals a line-by-line count, whatever the text."""

from __future__ import annotations

import random

from apilint.load.text import LineIndex


def _naive(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def test_a_batch_of_offsets_matches_counting_line_by_line():
    rng = random.Random(23)
    for _ in range(300):
        text = "".join(rng.choice("ab\n\r🙂") for _ in range(rng.randint(0, 60)))
        offsets = [rng.randint(0, len(text)) for _ in range(rng.randint(1, 12))]
        found = LineIndex(text).positions(offsets)
        assert found == {offset: _naive(text, offset) for offset in offsets}
        assert all(LineIndex(text).position(offset) == found[offset] for offset in offsets)


def test_one_long_line_and_an_empty_batch():
    text = '{"a": 1,' + " " * 100_000 + '"b": 2}'
    assert LineIndex(text).positions([text.index('"b"'), 0]) == {text.index('"b"'): (1, text.index('"b"') + 1),
                                                                  0: (1, 1)}
    assert LineIndex(text).positions([]) == {}
