"""Inline suppression: an ``x-apilint-ignore`` extension on a node, or a YAML / proto comment.

``x-apilint-ignore: [rule-id, ...]`` (or a single id, or ``true`` for all rules) on any mapping
silences those rules for that node and everything below it. In YAML, a comment
``# apilint-ignore rule-id[, rule-id]`` (or ``# apilint-ignore`` for all) at the end of the line a
finding points at, or alone on the line just above it, does the same for that line.
In .proto files the comment is ``// apilint-ignore rule-id``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from apilint.load.pointer import split

EXTENSION = "x-apilint-ignore"
_COMMENT = {marker: re.compile(re.escape(marker) + r"\s*apilint-ignore\b:?\s*([\w\-, ]*)")
            for marker in ("#", "//")}
COMMENT_MARKERS = {"yaml": "#", "proto": "//"}  # source kind -> line-comment marker


def ignored_by_extension(data: Any, pointer: str, rule: str) -> bool:
    return any(isinstance(node, dict) and EXTENSION in node and _names(node[EXTENSION], rule)
               for _, node in nodes_along(data, pointer))


def nodes_along(data: Any, pointer: str) -> Iterator[tuple[list[str], Any]]:
    """Each node from the document's root down to ``pointer`` (as far as it exists), with its tokens."""
    node = data
    tokens = split(pointer) if pointer.startswith("/") else []
    for index in range(len(tokens) + 1):
        yield tokens[:index], node
        if index == len(tokens):
            break
        token = tokens[index]
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            break


def _names(value: Any, rule: str) -> bool:
    if value is True or value == "all":
        return True
    if isinstance(value, str):
        return value == rule
    return isinstance(value, list) and rule in value


class CommentIndex:
    """Which rules each line's ``# apilint-ignore`` (YAML) or ``// apilint-ignore`` (proto) comment
    silences."""

    def __init__(self, text: str, marker: str = "#") -> None:
        self.lines: dict[int, tuple[bool, set[str]]] = {}  # line -> (comment-only line?, rules)
        if "apilint-ignore" not in text:
            return
        for number, line in enumerate(text.splitlines(), start=1):
            match = _COMMENT[marker].search(line)
            if match:
                names = {n.strip() for n in match.group(1).replace(",", " ").split() if n.strip()}
                self.lines[number] = (line.lstrip().startswith(marker), names or {"*"})

    def ignores(self, line: int, rule: str) -> bool:
        for number, own_line_only in ((line, False), (line - 1, True)):
            entry = self.lines.get(number)
            if entry and (entry[0] or not own_line_only) and ("*" in entry[1] or rule in entry[1]):
                return True
        return False
