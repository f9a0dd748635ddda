"""What ``diff`` returns: the changes between two versions and which of them fail a run."""

from __future__ import annotations

from dataclasses import dataclass, field

from apilint.diff.change import LEVEL_RANK, Change
from apilint.diff.versions import Visible


@dataclass
class DiffResult:
    format: str  # "openapi" | "proto"
    changes: list[Change]
    old_version: str = ""
    new_version: str = ""
    visible: Visible | None = None  # the whole API's client-visible versions (OpenAPI: paths, server URLs)
    notes: list[str] = field(default_factory=list)  # remarks on the comparison as a whole, for every format

    def failing(self, fail_on: str = "breaking") -> list[Change]:
        threshold = LEVEL_RANK[fail_on]
        return [c for c in self.changes if c.counts and LEVEL_RANK[c.level] >= threshold]

    @property
    def breaking(self) -> bool:
        return bool(self.failing("breaking"))
