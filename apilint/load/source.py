"""A parsed spec file: its data plus a way to turn JSON pointers into line and column.

Positions are computed lazily and in batches, only for the nodes that get a finding: building a
full position map for a 13 MB document would cost more than linting it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from apilint.errors import InputError, shown_path
from apilint.load.problem import LoadProblem
from apilint.load.text import read_text


@dataclass
class SourceFile:
    path: str  # absolute
    display: str  # as shown to the user
    text: str
    data: Any
    kind: str  # "json" or "yaml"
    locator: Any = field(repr=False, default=None)
    problems: list[LoadProblem] = field(default_factory=list)

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """pointer -> (line, column), 1-based; a missing node maps to its deepest existing ancestor."""
        return self.locator.positions(pointers)


# (path, display) -> (text, pickled data or None, kind, locator, problems) of its last parse, while
# reusing_parses(); the data is kept from the second parse of the same text on (a file being typed in
# is never kept: copying a 13 MB document on each keystroke would cost more than it saves); per thread
Parses = dict[tuple[str, str], tuple[str, bytes | None, str, Any, list[LoadProblem]]]
_local = threading.local()  # .parses: the Parses in use in this thread, if any


@contextlib.contextmanager
def reusing_parses(store: dict) -> Iterator[None]:
    """While inside, a file whose text is the one it had at its last parses kept in ``store`` is not parsed
    again (``apilint lsp`` re-lints a 2,850-file spec on each edit of one): its data is a fresh copy, since
    the model normalises a document in place, and its positions are shared."""
    outer = getattr(_local, "parses", None)
    _local.parses = store
    try:
        yield
    finally:
        _local.parses = outer


def load_source(path: str, display: str | None = None, *, root: str | None = None) -> SourceFile:
    """Read and parse one YAML or JSON file (inside ``root``, symlinks resolved, when given).
    Raises InputError with a position on bad input."""
    shown = display or shown_path(path)
    text = read_text(path, shown, root=root)
    parses: Parses | None = getattr(_local, "parses", None)
    if parses is None:
        return _parse(path, shown, text)
    key = (os.path.abspath(path), shown)
    kept = parses.get(key)
    same = kept is not None and kept[0] == text
    if same and kept[1] is not None:
        return SourceFile(key[0], shown, text, pickle.loads(kept[1]), kept[2], kept[3], list(kept[4]))
    source = _parse(path, shown, text)
    try:
        data = pickle.dumps(source.data, protocol=5) if same else None
    except (pickle.PicklingError, TypeError, RecursionError):
        data = None
    parses[key] = (text, data, source.kind, source.locator, list(source.problems))
    return source


_JSON_START = re.compile(r"\s*[{[]")  # as text.lstrip().startswith(("{", "[")), without the copy


def _parse(path: str, shown: str, text: str) -> SourceFile:
    from apilint.load.yamlsrc import parse_yaml

    if _JSON_START.match(text) or path.endswith(".json"):
        from apilint.load.jsonsrc import parse_json

        try:
            data, locator, problems = parse_json(text, shown)
            return SourceFile(os.path.abspath(path), shown, text, data, "json", locator, problems)
        except InputError:
            if path.endswith(".json"):
                raise
    data, locator, problems = parse_yaml(text, shown)
    return SourceFile(os.path.abspath(path), shown, text, data, "yaml", locator, problems)
