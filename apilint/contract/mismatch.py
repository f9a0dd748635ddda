"""What the matcher engine answers: each difference found, and how specific a match was.

A match's *score* says how specific the contract was for the value matched: an equal literal counts
``LITERAL``, a rule that holds ``MATCHER`` (so an exact recorded body beats a matcher), a ``{{var:NAME}}``
what the caller's ``VarCheck`` says (the mock: an id it handed out beats one of the right shape).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LITERAL, MATCHER = 2, 1
VarCheck = Callable[[str, Any], int | None]  # (var name, value sent) -> score, or None when refused


@dataclass(frozen=True, slots=True)
class Mismatch:
    where: str  # method, path, query.page_size, headers.authorization, body.items[0].quantity
    message: str
    expected: Any = None
    actual: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "message": self.message, "expected": self.expected, "actual": self.actual}
