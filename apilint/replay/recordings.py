"""A minimal private reader of recording folders (docs/recording-format.md).

Temporary: ``apilint.contract.recordings.read_recordings`` (being built on the proxy branch) replaces
this once it is on main. It reads ``*.jsonl`` and ``*.jsonl.open`` segments in name order and skips
torn or unparsable lines and unknown kinds, counting them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from apilint.replay.fastjson import loads


def segments(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith((".jsonl", ".jsonl.open")))


def read_exchanges(files: list[Path], skipped: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(file:line, record)`` for each whole exchange line; note each skipped line in ``skipped``."""
    for file in files:
        with file.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                where = f"{file}:{number}"
                if not raw.endswith(b"\n"):
                    skipped.append(f"{where}: torn line")
                    continue
                try:
                    record = loads(raw)
                except ValueError:
                    skipped.append(f"{where}: not JSON")
                    continue
                if isinstance(record, dict) and record.get("kind") == "exchange":
                    yield where, record
