"""LineIndex answers a batch of offsets by counting newlines between them (no index of every line) and
then, asked again, by its index: both agree with one-offset positions, in any order, with repeats."""

from __future__ import annotations

import random

from apilint.load.text import LineIndex

TEXT = "a\nbc\n\n" + "x" * 5 + "\r\nlast\n\u00e9\u2028tail"


def test_batches_agree_with_single_positions_in_any_order():
    offsets = list(range(len(TEXT) + 1))
    expected = [LineIndex(TEXT).position(offset) for offset in offsets]
    assert expected[:4] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    shuffled = [*random.Random(22).sample(offsets, len(offsets)), 0, 7, 7]
    index = LineIndex(TEXT)
    first = index.positions(shuffled)  # counted between offsets
    assert index._starts is None
    assert first == [expected[offset] for offset in shuffled]
    assert index.positions(shuffled) == first and index._starts is not None  # asked again: indexed
    assert LineIndex(TEXT).positions([]) == []
