"""Recognising a keystroke inside one JSON string value (apilint/load/json_edit.py) against plain references:
brute-force prefix/suffix scans and ``json.loads`` of every edited text."""

from __future__ import annotations

import json
import random

import pytest

from apilint.load import edit as text_edit
from apilint.load.edit import changed_span
from apilint.load.json_edit import JsonEdits, string_member_at
from apilint.load.pointer import get, join

KEYS = frozenset({"description", "summary"})


def _brute_span(old: str, new: str) -> tuple[int, int, int] | None:
    if old == new:
        return None
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < min(len(old), len(new)) - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail


def test_the_changed_span_is_the_one_a_character_scan_finds(monkeypatch):
    monkeypatch.setattr(text_edit, "_BLOCK", 4)  # small blocks: the block and halving steps both run
    rnd = random.Random(7)
    for _ in range(4000):
        old = "".join(rnd.choice("ab") for _ in range(rnd.randint(0, 40)))
        new = "".join(rnd.choice("ab") for _ in range(rnd.randint(0, 6)))
        if rnd.random() < 0.7:  # mostly one edit into the old text, as an editor sends
            cut = rnd.randint(0, len(old))
            new = old[:cut] + new + old[min(len(old), cut + rnd.randint(0, 5)):]
        assert changed_span(old, new) == _brute_span(old, new), (old, new)


def _document(rnd: random.Random) -> tuple[dict, list[str]]:
    """A nested document whose string values are unique markers, and the pointers of those in objects."""
    pointers: list[str] = []
    counter = iter(range(10**6))

    def value(pointer: str, depth: int, in_object: bool):
        kind = rnd.random()
        if depth > 3 or kind < 0.4:
            if in_object and kind < 0.3:
                pointers.append(pointer)
                return f"v{next(counter)} text"
            return rnd.choice([1, 2.5, True, None, [], {}])
        if kind < 0.7:
            keys = rnd.sample(["description", "summary", "name", "a/b", "~x", "é", "type"], rnd.randint(1, 5))
            return {key: value(join(pointer, key), depth + 1, True) for key in keys}
        return [value(f"{pointer}/{index}", depth + 1, False) for index in range(rnd.randint(1, 3))]

    document = {"openapi": "3.1.0", "paths": value("/paths", 0, True)}
    return document, pointers


def test_each_string_member_is_found_from_inside_its_token():
    rnd = random.Random(3)
    for _ in range(150):
        document, pointers = _document(rnd)
        text = json.dumps(document, indent=rnd.choice([None, 2, 4]), ensure_ascii=rnd.random() < 0.5)
        ends: dict[int, int] = {}
        for pointer in rnd.sample(pointers, len(pointers)):  # any order: remembered ends stay right
            token = json.dumps(get(document, pointer))  # an ASCII marker
            start = text.index(token)
            key = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
            for offset in (start, start + 1, start + len(token) - 1):
                assert string_member_at(text, offset, ends) == (pointer, key, start, start + len(token))
            assert string_member_at(text, start + len(token), ends) != (pointer, key, start, start + len(token))


def _string_edits(text: str, rnd: random.Random) -> str:
    """A keystroke somewhere in ``text``: inside a description's text most of the time."""
    starts = [i + len('"description": "') for i in range(len(text)) if text.startswith('"description": "', i)]
    at = rnd.choice(starts) + rnd.randint(0, 3) if starts and rnd.random() < 0.8 else rnd.randint(0, len(text))
    typed = rnd.choice(["x", " list", "é", "", '"', "\\", "\\n", "}", "\n"])
    return text[:at] + typed + text[at + rnd.choice([0, 0, 1, 2]):]


def test_edits_inside_a_description_are_recognised_and_others_refused():
    rnd = random.Random(11)
    recognised = refused = 0
    for _ in range(60):
        document, _ = _document(rnd)
        text = json.dumps(document, indent=2)
        edits = JsonEdits(text)
        for _ in range(25):
            new = _string_edits(edits.text, rnd)
            before = edits.text
            edit = edits.edit(new, KEYS)
            try:
                parsed_new = json.loads(new)
            except json.JSONDecodeError:
                parsed_new = None
            if edit is None:
                refused += 1
                assert edits.text is before
                continue
            recognised += 1
            assert edits.text is new
            parsed_old = json.loads(before)
            assert edit.key in KEYS and edit.old.strip() and edit.new.strip()
            assert get(parsed_old, edit.pointer) == edit.old and get(parsed_new, edit.pointer) == edit.new
            parent = edit.pointer.rsplit("/", 1)[0]
            get(parsed_old, parent)[edit.key] = edit.new
            assert parsed_old == parsed_new  # nothing else changed
            assert len(new) - len(before) == edit.shift
    assert recognised > 100 and refused > 100  # both kinds were met often


@pytest.mark.parametrize("old, new", [
    ('{"description": "ab"}', '{"description ": "ab"}'),  # a key
    ('{"name": "ab"}', '{"name": "axb"}'),  # not a description
    ('{"description": "ab"}', '{"description": "a"b"}'),  # a quote ends the string
    ('{"description": "a\\nb"}', '{"description": "a\\b"}'),  # an escape changes
    ('{"description": "ab"}', '{"description": " "}'),  # blank
    ('{"description": "ab", "summary": "cd"}', '{"description": "a", "summary": "d"}'),  # two strings
    ('{"description": 12}', '{"description": 123}'),  # not a string
    ('{"description": ["ab"]}', '{"description": ["axb"]}'),  # an array item, not a member's value
], ids=["key", "other-key", "quote", "escape", "blank", "two-strings", "number", "array-item"])
def test_edits_that_are_not_a_description_keystroke_are_refused(old, new):
    assert JsonEdits(old).edit(new, KEYS) is None


def test_a_recognised_edit_says_where_it_is():
    old = '{\n  "info": {\n    "description": "Lists the users."\n  }\n}'
    new = old.replace("Lists", "Lists all")
    edit = JsonEdits(old).edit(new, KEYS)
    assert edit is not None
    assert (edit.pointer, edit.key, edit.old, edit.new) == ("/info/description", "description",
                                                             "Lists the users.", "Lists all the users.")
    assert (edit.line, edit.column, edit.shift) == (3, old.splitlines()[2].index("Lists") + 7, 4)  # 1-based, where "the" was
