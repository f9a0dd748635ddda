"""The neutral result model every writer reads and every producer (check, diff, replay, fuzz) fills.

A producer says *what* it found; the writers in this package decide how each format shows it. Results come
in one of three shapes, and every writer renders each shape it is offered for:

- ``findings``: problems at places in files (lint);
- ``changes``: classified differences between two versions, some accepted by policy (diff);
- ``cases``: things a run exercised (a replayed request, a fuzzed operation), each passing or not, with the
  differences it found (replay, fuzz, merged shard reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Shape = Literal["findings", "changes", "cases"]

#: How serious a level is, across the producers' vocabularies (only the order within one producer matters).
LEVEL_RANK = {"pass": 0, "hint": 1, "info": 2, "warning": 3, "error": 4, "breaking": 4}


@dataclass(frozen=True)
class Location:
    file: str
    line: int = 0  # 0: the position in the file is unknown
    column: int = 0
    pointer: str = ""


@dataclass(frozen=True)
class Item:
    """One thing reported: a finding, a change, or a difference a case found."""

    kind: str  # rule id, change kind id, check name
    level: str  # error | breaking | warning | info | hint
    message: str
    location: Location | None = None
    hint: str = ""
    accepted: str = ""  # why a policy or ignore file accepted it; accepted items do not count
    where: str = ""  # the logical place when there is no file position ("body.name", "GET /pets/{}")
    detail: str = ""  # what was expected and what came instead
    fingerprint: str = ""  # a stable identity across runs, when the producer has one
    operation_level: bool = False  # a change to an operation itself (shown first), not inside a schema it uses
    affected: tuple[str, ...] = ()  # a change at a shared definition: the operations it reaches


@dataclass(frozen=True)
class Case:
    """One thing a run exercised and its verdict."""

    name: str  # "GET /v1/orders (list orders)"
    outcome: str  # pass | warning | breaking
    source: str  # where the case came from: a recording, a contract, a spec section
    items: tuple[Item, ...] = ()
    reproduce: str = ""  # a command that repeats the case
    seconds: float = 0.0
    group: str = ""  # "web → orders" for a case from a pact: a verification report lists every case by group


def groups(cases: list[Case]) -> dict[str, list[Case]]:
    """Grouped cases (from pacts) by group, in order of appearance; empty when no case has a group."""
    out: dict[str, list[Case]] = {}
    for case in cases:
        if case.group:
            out.setdefault(case.group, []).append(case)
    return out


@dataclass(frozen=True)
class Kind:
    """What a rule or change kind is, for formats that describe the kinds they report (SARIF)."""

    id: str
    title: str
    level: str
    tags: tuple[str, ...] = ()
    rationale: str | None = None
    fix: str | None = None


@dataclass(frozen=True)
class Target:
    """One input a producer examined (a spec file), whether or not anything was found in it."""

    name: str
    error: str = ""  # why it could not be examined, as the one line the user sees on stderr
    clean: bool = True  # nothing was reported for it
    error_at: Location | None = None  # where the error is (line 0: the position in the file is unknown)


@dataclass
class Report:
    shape: Shape
    tool: str  # the producer as users name it: "check", "diff", "replay", "fuzz", "fuzz+replay"
    summary: str  # one line: what was found, counted
    document: dict[str, Any]  # the producer's JSON report (its keys are a stable contract)
    items: list[Item] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    kinds: dict[str, Kind] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # trailing remarks ("skipped ...")

    @property
    def unreadable(self) -> list[Target]:
        """The inputs that could not be examined: every format must show them, so a failed run never reads
        as a clean one."""
        return [t for t in self.targets if t.error]
