"""Each change once, where it is defined: the changes a comparer found at every place a shared definition
(an OpenAPI schema reached through ``$ref``s or identical inline copies) is used, folded into one entry per
change at that definition, naming the operations it reaches.

A change reached from one place only keeps its per-operation form. The entry's id and level are the worst
over its places (a property removed from a schema used in requests and responses is the response break);
changes accepted for some places and not others stay separate entries, so what fails a run is unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from apilint.diff.change import LEVEL_RANK, Change
from apilint.diff.kinds import KINDS


@dataclass(frozen=True)
class Definition:
    """Where a change inside a schema is made, attached to each per-operation change (``extra``)."""

    key: tuple  # the change's identity: its node, side, aspect and values
    where: str  # "#/components/schemas/customer/properties/phone" (file-prefixed outside the root document)
    detail: str  # " (old -> new)" or ""
    places: int  # property paths reaching it from this operation's schema


def what(change_id: str) -> str:
    """A kind's title without its scope: ``optional property removed (renamed?)``."""
    return KINDS[change_id].title.split(": ", 1)[-1]


def group_shared(changes: list[Change]) -> list[Change]:
    """``changes`` with those made at one definition and reached from more than one place folded into one
    entry each (per acceptance), in the position of the first."""
    totals: Counter[tuple] = Counter()
    for change in changes:
        definition = change.extra.get("definition")
        if definition is not None:
            totals[definition.key] += definition.places
    out: list[Change | list[Change]] = []
    groups: dict[tuple, list[Change]] = {}
    for change in changes:
        definition = change.extra.get("definition")
        if definition is None or totals[definition.key] <= 1:
            out.append(change)
            continue
        group = groups.get((definition.key, change.allowed))
        if group is None:
            group = groups[(definition.key, change.allowed)] = []
            out.append(group)
        group.append(change)
    return [item if isinstance(item, Change) else _entry(item) for item in out]


def _entry(places: list[Change]) -> Change:
    worst = max(places, key=lambda c: LEVEL_RANK[c.level])  # the first of the worst
    definition: Definition = worst.extra["definition"]
    operations = list(dict.fromkeys(c.operation for c in places if c.operation))
    entry = Change(worst.id, worst.level, f"{definition.where}: {what(worst.id)}{definition.detail}", None,
                   definition.where, worst.old, worst.new, worst.location, worst.allowed)
    entry.extra["affected_operations"] = operations
    return entry
