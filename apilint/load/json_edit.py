"""What an edit of a JSON text changed, when it stayed inside one string value: the value's pointer and its
new text, found in C-speed scans (``apilint lsp`` re-lints a keystroke in a description this way)."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re

from apilint.load.edit import StringEdit, changed_span
from apilint.load.pointer import escape

_WS = re.compile(r"[ \t\n\r]*")
_scanstring = json.decoder.scanstring
_skipper = json.scanner.make_scanner(json.JSONDecoder(object_pairs_hook=len))  # parses in C, builds little
_UNSAFE = re.compile(r'["\\\x00-\x1f]')  # what could end, escape or break a JSON string


class JsonEdits:
    """One JSON text followed through its edits, each recognised as a change inside one string value or not.
    The ends of the values skipped on the way to an edit are kept (shifted by later edits), so the next
    edit's lookup skips them without scanning them again: typing across a 13 MB document stays cheap."""

    def __init__(self, text: str) -> None:
        self.text = text  # valid JSON
        self._ends: dict[int, int] = {}  # start -> end of values already skipped in self.text

    def edit(self, new: str, keys: frozenset[str]) -> StringEdit | None:
        """The edit from the current text to ``new`` if it only changed the inside of one non-blank string
        value of a member named in ``keys`` (to another non-blank one); then ``new`` is the current text.
        None for any other edit, and the text is unchanged (the caller parses ``new`` in full)."""
        found = _string_edit(self.text, new, keys, self._ends)
        if found is not None:
            edit, at = found
            if edit.shift:
                self._ends = {(start + edit.shift if start > at else start): (end + edit.shift if end > at else end)
                              for start, end in self._ends.items()}
            self.text = new
            return edit
        return None


def string_member_at(text: str, offset: int, ends: dict[int, int] | None = None) -> tuple[str, str, int, int] | None:
    """(pointer, key, start, end) of the string value of an object member whose token ``text[start:end]``
    (quotes included) holds ``offset``; None when ``offset`` is elsewhere. ``text`` must be valid JSON. The
    values before the one holding ``offset`` are skipped in C, their ends remembered in ``ends``, so a lookup
    costs at most a scan of the text before it."""
    ends = {} if ends is None else ends

    def skip(start: int) -> int:
        end = ends.get(start)
        if end is None:
            end = ends[start] = _skipper(text, start)[1]
        return end

    index = _WS.match(text, 0).end()
    pointer = ""
    while True:
        char = text[index]
        if char == "{":
            index = _WS.match(text, index + 1).end()
            if text[index] == "}":
                return None
            while True:
                key, index = _scanstring(text, index + 1)
                start = _WS.match(text, _WS.match(text, index).end() + 1).end()
                end = skip(start)
                if start <= offset < end:
                    break
                index = _next_item(text, end) if offset >= start else None
                if index is None:
                    return None
            if text[start] == '"':
                return f"{pointer}/{escape(key)}", key, start, end
            pointer, index = f"{pointer}/{escape(key)}", start
        elif char == "[":
            index = _WS.match(text, index + 1).end()
            if text[index] == "]":
                return None
            position = 0
            while True:
                end = skip(index)
                if index <= offset < end:
                    break
                following = _next_item(text, end) if offset >= index else None
                if following is None:
                    return None
                index, position = following, position + 1
            pointer = f"{pointer}/{position}"
        else:
            return None


def _next_item(text: str, end: int) -> int | None:
    """Where the next member or item starts after a value ending at ``end``; None after the last one."""
    index = _WS.match(text, end).end()
    return _WS.match(text, index + 1).end() if text[index] == "," else None


def _string_edit(old: str, new: str, keys: frozenset[str], ends: dict[int, int]) -> tuple[StringEdit, int] | None:
    """The edit from ``old`` (valid JSON) to ``new`` when it only changed the inside of one string value of
    a member named in ``keys``, both values non-blank, and where it starts; None for any other edit."""
    span = changed_span(old, new)
    if span is None:
        return None
    start, old_end, new_end = span
    if _UNSAFE.search(old, start, old_end) or _UNSAFE.search(new, start, new_end):
        return None
    if start and old[start - 1] == "\\":  # the edit could change what that backslash escapes
        return None
    found = string_member_at(old, start, ends)
    if found is None:
        return None
    pointer, key, value_start, value_end = found
    if key not in keys or not value_start < start or not old_end < value_end:  # strictly inside the quotes
        return None
    shift = (new_end - start) - (old_end - start)
    try:
        new_value, after = _scanstring(new, value_start + 1)
    except json.JSONDecodeError:
        return None
    if after != value_end + shift:
        return None
    old_value = _scanstring(old, value_start + 1)[0]
    if not old_value.strip() or not new_value.strip():
        return None
    line_start = old.rfind("\n", 0, start) + 1
    edit = StringEdit(pointer, key, old_value, new_value, old.count("\n", 0, start) + 1, start - line_start + 1,
                      shift)
    return edit, start
