"""Ids the mock handed out, and whether a later request may send one back (``captures`` /
``{{var:NAME}}``, docs/contracts.md "Flows").

One process accepts exactly what it handed out (an unknown id then gets whatever else matches, e.g. a
recorded 404, or a miss). State is not shared between processes: with ``--procs N`` a process cannot
know what the others handed out, so it also accepts a value of the producer's shape (a UUID where the
create response holds ``{{uuid}}``), ranked below one it handed out itself (docs/mock.md, "State").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HANDED_OUT, SHAPED = 3, 1  # specificity scores (apilint.contract.mismatch counts literals 2)
MAX_REMEMBERED = 100_000  # values kept per variable: a long load test must not grow memory forever


class State:
    def __init__(self, shapes: dict[str, Callable[[Any], bool]], shared_port: bool = False) -> None:
        self.shapes = shapes
        self.shared_port = shared_port  # other processes hand out values too (--procs N)
        self.handed: dict[str, dict[str, None]] = {}  # insertion-ordered sets
        self.last: dict[str, Any] = {}

    def remember(self, name: str, value: Any) -> None:
        seen = self.handed.setdefault(name, {})
        seen[str(value)] = None
        if len(seen) > MAX_REMEMBERED:
            del seen[next(iter(seen))]
        self.last[name] = value

    def check(self, name: str, value: Any) -> int | None:
        """The score of sending ``value`` where ``{{var:name}}`` stands, or None when refused."""
        if str(value) in self.handed.get(name, ()):
            return HANDED_OUT
        if not self.shared_port:
            return None
        shape = self.shapes.get(name)
        if shape is None:
            return SHAPED if value not in ("", None) else None
        return SHAPED if shape(value) else None
