"""Recognising a keystroke inside one single-line YAML scalar (apilint/load/yaml_edit.py), checked against
apilint's own parse of every edited text."""

from __future__ import annotations

import random

import pytest
import yaml

from apilint.errors import InputError
from apilint.load.pointer import get
from apilint.load.yaml_edit import YamlEdits
from apilint.load.yamlsrc import parse_yaml

KEYS = frozenset({"description", "summary"})


def _edits(text: str) -> YamlEdits:
    _, locator, _ = parse_yaml(text, "spec.yaml")
    return YamlEdits(text, locator.root, locator.shared)


def _document(rnd: random.Random) -> dict:
    def value(depth: int):
        kind = rnd.random()
        if depth > 3 or kind < 0.3:
            return rnd.choice(["Lists the users.", "A page of results", "it's", 'say "hi"', "x: y", "12", "true",
                               "Reads one # not a comment", "line one\nline two", "", "é ünïcode 😀", 3])
        if kind < 0.75:
            keys = rnd.sample(["description", "summary", "name", "type", "items"], rnd.randint(1, 4))
            return {key: value(depth + 1) for key in keys}
        return [value(depth + 1) for _ in range(rnd.randint(1, 3))]

    return {"openapi": "3.1.0", "paths": {"/v1/users": value(0)}, "info": {"description": "An API."}}


def _keystroke(text: str, rnd: random.Random) -> str:
    starts = [i + len("description: ") for i in range(len(text)) if text.startswith("description: ", i)]
    in_description = starts and rnd.random() < 0.85
    at = rnd.choice(starts) + rnd.randint(0, 4) if in_description else rnd.randint(0, len(text))
    typed = rnd.choice(["x", " list", "é", "", "'", '"', " #", ": ", "\n", "{", "*", "-"])
    return text[:at] + typed + text[at + rnd.choice([0, 0, 1]):]


def test_edits_inside_a_one_line_description_are_recognised_and_others_refused():
    rnd = random.Random(5)
    recognised = refused = 0
    for _ in range(60):
        text = yaml.safe_dump(_document(rnd), default_style=rnd.choice([None, None, "'", '"']),
                              width=rnd.choice([10**6, 12]), allow_unicode=rnd.random() < 0.5)  # 12: folded
        edits = _edits(text)
        for _ in range(20):
            new = _keystroke(edits.text, rnd)
            before = edits.text
            edit = edits.edit(new, KEYS)
            if edit is None:
                refused += 1
                assert edits.text is before
                continue
            recognised += 1
            assert edits.text is new
            old_data = parse_yaml(before, "spec.yaml")[0]
            new_data = parse_yaml(new, "spec.yaml")[0]
            assert get(old_data, edit.pointer) == edit.old and get(new_data, edit.pointer) == edit.new
            get(old_data, edit.pointer.rsplit("/", 1)[0])[edit.key] = edit.new
            assert old_data == new_data  # nothing else changed
            assert edit.old.strip() and edit.new.strip() and len(new) - len(before) == edit.shift
    assert recognised > 100 and refused > 100  # both kinds were met often


REFUSED = {
    "comment": ("description: Reads x#1\n", "description: Reads #1\n"),  # " #" now starts a comment
    "key": ("description: Reads\n", "descriptions: Reads\n"),
    "other-key": ("name: Reads\n", "name: Reads it\n"),
    "mapping-value": ("description: Reads\n", "description: Reads: all\n"),
    "not-a-string": ("description: '1'\n", "description: 12\n"),
    "quote-closed": ("description: 'Reads'\n", "description: 'Rea'ds'\n"),
    "blank": ("description: R\n", "description: \n"),
    "new-line": ("description: Reads\n", "description: Re\nads\n"),
    "line-break": ("description: Reads the\n  users.\n", "description: Reads the\n  us\ners.\n"),
    "comment-in-2nd-line": ("description: Reads the\n  users.\n", "description: Reads the\n  us #ers.\n"),
    "block": ("description: |\n  Reads.\n", "description: |\n  Reads all.\n"),
    "flow": ("x: {description: Reads}\n", "x: {description: Reads it}\n"),
    "alias": ("a: &d {description: Reads}\nb: *d\n", "a: &d {description: Reads it}\nb: *d\n"),
    "alias-block": ("a: &d\n  description: Reads\nb: *d\n", "a: &d\n  description: Reads it\nb: *d\n"),
}


@pytest.mark.parametrize("old, new", REFUSED.values(), ids=REFUSED.keys())
def test_edits_that_are_not_a_one_line_description_keystroke_are_refused(old, new):
    try:
        parse_yaml(new, "spec.yaml")
    except InputError:
        pass  # refused too: the whole parse will say why
    assert _edits(old).edit(new, KEYS) is None


def test_an_edit_in_a_value_over_several_lines_is_recognised():
    old = "paths:\n  /v1/users:\n    description: Reads the\n      users, one\n      page at a time.\n    x: 1\n"
    new = old.replace("users, one", "users, one hundred")
    edit = _edits(old).edit(new, KEYS)
    assert edit is not None
    assert (edit.pointer, edit.old, edit.new) == ("/paths/~1v1~1users/description",
                                                  "Reads the users, one page at a time.",
                                                  "Reads the users, one hundred page at a time.")
    assert (edit.line, edit.shift) == (4, 8)


def test_a_recognised_edit_says_where_it_is():
    old = "info:\n  title: T\npaths:\n  /v1/users:\n    get:\n      - description: 'Lists the users.'  # ok\n"
    new = old.replace("Lists", "Lists all")
    edit = _edits(old).edit(new, KEYS)
    assert edit is not None
    assert (edit.pointer, edit.old, edit.new) == ("/paths/~1v1~1users/get/0/description", "Lists the users.",
                                                  "Lists all the users.")
    assert (edit.line, edit.column, edit.shift) == (6, old.splitlines()[5].index("the") + 1, 4)
