"""One classified difference between two versions of a spec."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("info", "warning", "breaking")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}


@dataclass
class Location:
    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    side: str = "new"  # which version the location is in: "new", or "old" for removals

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "pointer": self.pointer,
                "side": self.side}


@dataclass
class Change:
    id: str
    level: str
    message: str
    operation: str | None = None  # "GET /pets/{}" for OpenAPI; None for proto
    element: str | None = None  # proto element ("shop.v1.Order.status") or OpenAPI component/path
    old: Any = None
    new: Any = None
    location: Location | None = None
    allowed: str | None = None  # why a breaking change is accepted (policy, ignore file), else None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> bool:
        """True when the change counts towards the exit code (not accepted by a policy or ignore)."""
        return self.allowed is None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "level": self.level, "message": self.message}
        if self.operation is not None:
            out["operation"] = self.operation
        if self.element is not None or self.operation is None:
            out["element"] = self.element
        if "affected_operations" in self.extra:
            out["operations"] = list(self.extra["affected_operations"])
        out["old"] = _plain(self.old)
        out["new"] = _plain(self.new)
        out["location"] = self.location.as_dict() if self.location else None
        if self.allowed:
            out["allowed"] = self.allowed
        return out


def shown(value: Any) -> str:
    """A changed value as a message shows it: plain words and JSON-like literals, never a Python repr
    (``[gpus]``, ``true``, ``{type: string}``; a missing value is ``(none)``)."""
    return "(none)" if value is None else _literal(value)


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "[" + ", ".join(_literal(item) for item in _plain(value)) + "]"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=str)
    return value
