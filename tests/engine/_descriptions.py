"""Rewriting every description and summary of a spec in its text, as a user typing in them would.

Only the string values of ``description`` / ``summary`` keys are replaced, in place: every other byte of
the file stays, so the copy lints exactly like the original except for what those strings say.
``assert_only_descriptions_differ`` checks that, through apilint's own parser.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

KEYS = frozenset({"description", "summary"})
SPEC_SUFFIXES = (".json", ".yaml", ".yml")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_AFTER_KEY = re.compile(r"\s*:\s*")
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})  # apilint keeps timestamps text
_RESOLVER = yaml.resolver.Resolver()


def mutate_text(text: str, kind: str, replacement: str) -> tuple[str, int]:
    """``text`` with every non-blank string value of a description/summary key replaced; and how many."""
    spans = list(_json_spans(text) if kind == "json" else _yaml_spans(text))
    quoted = json.dumps(replacement)  # a JSON string is a YAML double-quoted scalar too
    parts, end = [], 0
    for start, stop, tail in sorted(spans):
        parts += [text[end:start], quoted, tail]
        end = stop
    parts.append(text[end:])
    return "".join(parts), len(spans)


def _json_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Outside strings JSON has no quotes, so scanning string tokens in order finds every key and value."""
    for key, value in pairwise(_JSON_STRING.finditer(text)):
        between = text[key.end():value.start()]
        if _AFTER_KEY.fullmatch(between) and json.loads(key.group()) in KEYS and json.loads(value.group()).strip():
            yield value.start(), value.end(), ""


def _yaml_spans(text: str) -> Iterator[tuple[int, int, str]]:
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += [key, value]
                if isinstance(key, ScalarNode) and key.value in KEYS and _is_text(value) and id(value) not in seen:
                    seen.add(id(value))  # an aliased value is replaced once, where it is written
                    yield _yaml_span(text, value)


def _is_text(node: Any) -> bool:
    if not isinstance(node, ScalarNode) or not node.value.strip():
        return False
    plain = not node.style  # libyaml marks a plain scalar with '' (PyYAML with None)
    return not plain or _RESOLVER.resolve(ScalarNode, node.value, (True, False)) in _STR_TAGS


def _yaml_span(text: str, node: ScalarNode) -> tuple[int, int, str]:
    """The scalar's characters after any anchor or tag, and the line breaks a block scalar ends with."""
    start, stop = node.start_mark.index, node.end_mark.index
    while text[start] in "&!":  # `&name` / `!!str` prefixes stay
        start = re.compile(r"\S+\s+").match(text, start).end()
    written = text[start:stop]
    return start, stop, written[len(written.rstrip()):] if written[:1] in "|>" else ""


def copy_mutated(source_root: Path, target_root: Path, replacement: str | None) -> int:
    """Copy a folder, replacing the descriptions of every JSON/YAML file in it (``None``: copy as is).
    Returns the number of strings replaced."""
    shutil.copytree(source_root, target_root)
    total = 0
    if replacement is None:
        return total
    for path in sorted(target_root.rglob("*")):
        if path.suffix in SPEC_SUFFIXES and path.is_file():
            text = path.read_text(encoding="utf-8")
            mutated, count = mutate_text(text, "json" if path.suffix == ".json" else "yaml", replacement)
            if count:
                os.chmod(path, 0o644)  # copied from a read-only corpus
                path.write_text(mutated, encoding="utf-8")
                total += count
    return total


def assert_only_descriptions_differ(original: Path, mutated: Path, replacement: str) -> None:
    """Parsed with apilint's loader, the two files are equal except that every non-blank string of a
    description/summary key now reads ``replacement`` (so the mutation missed none and broke nothing)."""
    from apilint.load.source import load_source

    before, after = load_source(str(original)).data, load_source(str(mutated)).data
    _compare(before, after, replacement, "")


def _compare(before: Any, after: Any, replacement: str, pointer: str) -> None:
    assert type(before) is type(after), f"{pointer}: {type(before).__name__} became {type(after).__name__}"
    if isinstance(before, dict):
        assert list(before) == list(after), f"{pointer}: keys changed"
        for key, value in before.items():
            if key in KEYS and isinstance(value, str) and value.strip():
                assert after[key] == replacement, f"{pointer}/{key} was not replaced"
            else:
                _compare(value, after[key], replacement, f"{pointer}/{key}")
    elif isinstance(before, list):
        assert len(before) == len(after), f"{pointer}: length changed"
        for index, (one, other) in enumerate(zip(before, after, strict=True)):
            _compare(one, other, replacement, f"{pointer}/{index}")
    else:
        assert before == after, f"{pointer}: {before!r} became {after!r}"
