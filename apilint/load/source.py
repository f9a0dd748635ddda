"""A parsed spec file: its data plus a way to turn JSON pointers into line and column.

Positions are computed lazily and in batches, only for the nodes that get a finding: building a
full position map for a 13 MB document would cost more than linting it.
"""

from __future__ import annotations

import os
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


def load_source(path: str, display: str | None = None, *, root: str | None = None) -> SourceFile:
    """Read and parse one YAML or JSON file (inside ``root``, symlinks resolved, when given).
    Raises InputError with a position on bad input."""
    shown = display or shown_path(path)
    text = read_text(path, shown, root=root)
    stripped = text.lstrip()
    from apilint.load.yamlsrc import parse_yaml

    if stripped.startswith(("{", "[")) or path.endswith(".json"):
        from apilint.load.jsonsrc import parse_json

        try:
            data, locator, problems = parse_json(text, shown)
            return SourceFile(os.path.abspath(path), shown, text, data, "json", locator, problems)
        except InputError:
            if path.endswith(".json"):
                raise
    data, locator, problems = parse_yaml(text, shown)
    return SourceFile(os.path.abspath(path), shown, text, data, "yaml", locator, problems)
