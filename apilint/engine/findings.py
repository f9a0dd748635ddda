"""A finding: one problem at one place. Its JSON keys are a stable contract (see README)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    file: str
    line: int
    column: int
    pointer: str
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__})

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)
