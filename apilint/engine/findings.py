"""A finding: one problem at one place. Its JSON keys are a stable contract (see README)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from apilint.engine.rule import SEVERITIES


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

    @classmethod
    def from_cached(cls, data: object) -> Finding | None:
        """``from_json`` for data read back from disk: None unless every field has its type."""
        if not isinstance(data, dict):
            return None
        fields = {k: data.get(k) for k in cls.__dataclass_fields__}
        text = ("rule", "severity", "message", "file", "pointer")
        if not (all(isinstance(fields[k], str) for k in text) and isinstance(fields["hint"], str | None)
                and all(isinstance(fields[k], int) and not isinstance(fields[k], bool) for k in ("line", "column"))
                and fields["severity"] in SEVERITIES):
            return None
        return cls(**fields)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule)
