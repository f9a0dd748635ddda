"""A keystroke in a spec's text, as ``apilint lsp`` re-lints it in part: where two texts differ, and the
edit to one string value that a JSON or YAML recogniser (``json_edit``, ``yaml_edit``) found there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_BLOCK = 65536


@dataclass(frozen=True)
class StringEdit:
    """An edit inside one string value of an object member: ``pointer`` names the value."""

    pointer: str
    key: str
    old: str
    new: str
    line: int  # 1-based line of the edit in both texts (no line break is added or removed)
    column: int  # 1-based column where the texts start to differ
    shift: int  # characters added (negative: removed) at that column


def changed_span(old: str, new: str) -> tuple[int, int, int] | None:
    """(start, old end, new end) of the one region where the texts differ, None when they are equal:
    ``old[:start] == new[:start]`` and ``old[old_end:] == new[new_end:]``, the two never overlapping."""
    if old == new:
        return None
    limit = min(len(old), len(new))
    start = _common(lambda i, j: old[i:j] == new[i:j], limit)
    size_old, size_new = len(old), len(new)
    tail = _common(lambda i, j: old[size_old - j:size_old - i] == new[size_new - j:size_new - i], limit - start)
    return start, size_old - tail, size_new - tail


def _common(same: Callable[[int, int], bool], limit: int) -> int:
    """The largest n <= ``limit`` with ``same(0, n)``, where ``same(i, j)`` compares the units i..j-1: whole
    blocks first, then halving within the block that differs (each comparison is one C slice compare)."""
    low = 0
    while low + _BLOCK <= limit and same(low, low + _BLOCK):
        low += _BLOCK
    high = min(low + _BLOCK, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if same(low, middle):
            low = middle
        else:
            high = middle - 1
    return low
