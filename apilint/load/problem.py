"""A problem found while reading a file that does not stop linting it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LoadProblem:
    """Something wrong in a file that does not stop linting it (duplicate key, broken $ref)."""

    rule: str
    message: str
    file: str
    pointer: str
    line: int | None = None
    column: int | None = None
