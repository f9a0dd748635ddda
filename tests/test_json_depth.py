"""The JSON nesting bound: exact on valid JSON, one error at 1:1, and no process-wide state touched."""

from __future__ import annotations

import sys
import threading

import pytest

from apilint.errors import InputError
from apilint.load.jsonsrc import nesting_depth, parse_json
from apilint.load.limits import MAX_DEPTH


@pytest.mark.parametrize(("text", "depth"), [
    ("1", 0),
    ("[]", 1),
    ('{"a": [{"b": 1}]}', 3),
    ('{"a": "[[[{{{"}', 1),  # brackets inside strings do not count
    ('["\\"[[", "]]"]', 1),  # an escaped quote does not end the string
    ('{"\\\\": [[]]}', 3),  # an escaped backslash does not escape the quote after it
    ('["\\u00e9 \u00e9 \u2713 [", {"k\u00e9": {}}]', 3),  # non-ASCII text
    ('[""' + ', "[" ' * 3 + "]", 1),
])
def test_nesting_depth_counts_brackets_outside_strings(text, depth):
    assert nesting_depth(text) == depth


def _nested(depth: int) -> str:
    return '{"openapi": "3.0.3", "x": ' + '{"a": "[{", "b": ' * (depth - 1) + "1" + "}" * depth


def test_depth_limit_is_exact():
    parse_json(_nested(MAX_DEPTH), "api.json")
    with pytest.raises(InputError, match="nested too deeply") as caught:
        parse_json(_nested(MAX_DEPTH + 1), "api.json")
    assert (caught.value.line, caught.value.column) == (1, 1)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 100_000])
def test_deep_json_never_changes_the_recursion_limit(monkeypatch, depth):
    calls: list[int] = []
    real = sys.setrecursionlimit
    monkeypatch.setattr(sys, "setrecursionlimit", lambda limit: (calls.append(limit), real(limit)))
    before = sys.getrecursionlimit()
    with pytest.raises(InputError, match="nested too deeply"):
        parse_json('{"x": ' + "[" * depth + "]" * depth + "}", "api.json")
    parse_json(_nested(50), "api.json")
    assert calls == []
    assert sys.getrecursionlimit() == before


def test_other_threads_keep_their_stack_while_deep_json_loads():
    """Another thread recursing 600 deep must not hit a lowered limit while a load is running."""
    stop, failures = threading.Event(), []

    def recurse(n: int) -> int:
        return 0 if n == 0 else 1 + recurse(n - 1)

    def worker() -> None:
        while not stop.is_set():
            try:
                recurse(600)
            except RecursionError as exc:
                failures.append(exc)
                return

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for _ in range(200):
            with pytest.raises(InputError):
                parse_json("[" * 2000 + "]" * 2000, "api.json")
    finally:
        stop.set()
        thread.join()
    assert failures == []
