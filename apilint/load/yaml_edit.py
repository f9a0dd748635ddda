"""What an edit of a YAML text changed, when it stayed within one line inside a plain or quoted scalar value of
a block mapping member (``description: Lists the users.``, over one line or several): the value's pointer and
its new text, found from that member's lines alone (``apilint lsp`` re-lints a keystroke in a description this
way).

An edit recognised here adds no line, so the lines of the text's members never move: the members that can be
edited so are indexed by line once, from the composed nodes of the last whole parse. The edited member is
parsed alone (from its key to the end of its value's last line, indented as it is), before and after the edit,
by the same parser as the whole text; the edit counts only when both parse to that member with the value token
in the same place and of the same style."""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from apilint.errors import InputError
from apilint.load.edit import StringEdit, changed_span
from apilint.load.pointer import escape
from apilint.load.yamlsrc import parse_yaml

_QUOTES = ("'", '"')
_SCALAR_STYLES = (None, "", *_QUOTES)  # plain (libyaml's composer gives "", PyYAML's None) or quoted


class YamlEdits:
    """One YAML text followed through its edits, each recognised as a change inside one plain or quoted
    scalar value of a block mapping member, or not (the caller then parses the new text in full)."""

    def __init__(self, text: str, root: Node, shared: bool) -> None:
        """``root``: the text's composed nodes; ``shared``: an alias or merge key makes a node the value of
        several pointers (such a text is never edited here)."""
        self.text = text
        self._root = root
        self._shared = shared
        self._members: dict[int, tuple[str, str, int, int, ScalarNode, int]] | None = None  # line -> member

    def edit(self, new: str, keys: frozenset[str]) -> StringEdit | None:
        """The edit from the current text to ``new`` if it only changed, within one line, the inside of a plain
        or quoted scalar value of a member named in ``keys`` (from a non-blank string to another); then
        ``new`` is the current text. None for any other edit, and the text is unchanged."""
        if self._shared:
            return None
        old = self.text
        span = changed_span(old, new)
        if span is None:
            return None
        start, old_end, new_end = span
        if old.find("\n", start, old_end) >= 0 or new.find("\n", start, new_end) >= 0:
            return None
        line = old.count("\n", 0, start) + 1
        member = self._by_line(keys).get(line)
        if member is None:
            return None
        pointer, key, first, key_column, node, last = member
        line_start = old.rfind("\n", 0, start) + 1
        # the member's lines, from its key to the end of its value's last line, what precedes the key on its
        # line (indentation, "- ") made spaces: the continuation lines keep their place relative to the key
        at = _line_start(old, line_start, line - first)
        end = _line_end(old, start, last - line)
        shift = (new_end - start) - (old_end - start)
        indent = " " * key_column
        before = _member(indent + old[at + key_column:end].rstrip("\r"))
        after = _member(indent + new[at + key_column:end + shift].rstrip("\r"))
        if before is None or after is None or before[0] != key or after[0] != key:
            return None
        _, old_value, style, value_start, value_end = before  # offsets from the key's line start
        _, new_value, new_style, new_start, new_value_end = after
        inside = 1 if style in _QUOTES else 0
        if not (style == new_style and node.start_mark.column == value_start
                and new_start == value_start and new_value_end == value_end + shift
                and value_start + inside <= start - at and old_end - at <= value_end - inside):
            return None
        if not (isinstance(old_value, str) and isinstance(new_value, str) and old_value.strip()
                and new_value.strip()):
            return None
        self.text = new
        return StringEdit(pointer, key, old_value, new_value, line, start - line_start + 1, shift)

    def _by_line(self, keys: frozenset[str]) -> dict[int, tuple[str, str, int, int, ScalarNode, int]]:
        """(pointer, key, key's line, key's column, value node, value's last line) by each line of each block
        mapping member named in ``keys`` whose value is a plain or quoted scalar starting on the key's line;
        built on first use."""
        if self._members is None:
            self._members = {}
            stack: list[tuple[Node, str]] = [(self._root, "")]
            while stack:
                node, pointer = stack.pop()
                if isinstance(node, SequenceNode):
                    stack.extend((child, f"{pointer}/{index}") for index, child in enumerate(node.value))
                elif isinstance(node, MappingNode):
                    for key_node, value in node.value:
                        if not isinstance(key_node, ScalarNode):
                            continue
                        child = f"{pointer}/{escape(key_node.value)}"
                        first = key_node.start_mark.line
                        if (key_node.value in keys and not node.flow_style and isinstance(value, ScalarNode)
                                and value.style in _SCALAR_STYLES and value.start_mark.line == first):
                            member = (child, key_node.value, first + 1, key_node.start_mark.column, value,
                                      value.end_mark.line + 1)
                            for line in range(first, value.end_mark.line + 1):
                                self._members[line + 1] = member
                        stack.append((value, child))
        return self._members


def _line_start(text: str, start: int, lines_up: int) -> int:
    """Where the line ``lines_up`` lines above the one starting at ``start`` starts."""
    for _ in range(lines_up):
        start = text.rfind("\n", 0, start - 1) + 1
    return start


def _line_end(text: str, offset: int, lines_down: int) -> int:
    """Where the line ``lines_down`` lines below the one holding ``offset`` ends (its line break)."""
    end = text.find("\n", offset)
    for _ in range(lines_down):
        end = text.find("\n", end + 1)
    return len(text) if end < 0 else end


def _member(text: str) -> tuple[str, Any, str | None, int, int] | None:
    """(key, value, value style, value start, value end) of ``text`` parsed alone as a one-member mapping with
    a scalar value, by the parser of whole texts (start and end: offsets in ``text``); None when it is not one."""
    try:
        data, locator, problems = parse_yaml(text, "<edit>")
    except InputError:
        return None
    root = locator.root
    if not (isinstance(data, dict) and len(data) == 1 and isinstance(root, MappingNode) and len(root.value) == 1
            and isinstance(root.value[0][1], ScalarNode) and not problems):
        return None
    key, value = next(iter(data.items()))
    node = root.value[0][1]
    return key, value, node.style, node.start_mark.index, node.end_mark.index
