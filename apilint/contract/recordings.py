"""Reading a recording folder (docs/recording-format.md), skipping torn and unreadable lines.

Shared by ``apilint contracts build`` and ``apilint replay``::

    reader = read_recordings("recordings/live")
    for record in reader:
        ...
    print(reader.skipped, "lines skipped")
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from apilint.errors import InputError

SUFFIXES = (".jsonl", ".jsonl.open")


def segment_files(folder: str) -> list[str]:
    """Every segment under ``folder`` (sub-folders too), in name order: names start with the time."""
    if not os.path.isdir(folder):
        raise InputError("not a recording folder (no such directory)", file=folder)
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in files if f.endswith(SUFFIXES))
    return sorted(found, key=lambda p: (os.path.basename(p), p))


class RecordingReader:
    """Iterates the records of a folder. ``skipped`` counts torn or unparseable lines, ``other``
    records of kinds not asked for."""

    def __init__(self, folder: str, kinds: tuple[str, ...] | None = ("exchange",)) -> None:
        self.folder = folder
        self.kinds = kinds
        self.files = segment_files(folder)
        self.skipped = 0
        self.other = 0
        self.read = 0

    def __iter__(self) -> Iterator[dict]:
        for path in self.files:
            try:
                yield from self._read(path)
            except OSError:
                self.skipped += 1

    def _read(self, path: str) -> Iterator[dict]:
        with open(path, "rb") as fh:
            for line in fh:
                record = self._parse(line)
                if record is not None:
                    yield record

    def _parse(self, line: bytes) -> dict | None:
        if not line.endswith(b"\n"):
            self.skipped += 1  # a torn last line: written without its newline
            return None
        if not line.strip():
            return None
        try:
            record = json.loads(line)
        except ValueError:
            self.skipped += 1
            return None
        if not isinstance(record, dict):
            self.skipped += 1
            return None
        if self.kinds is not None and record.get("kind") not in self.kinds:
            self.other += 1
            return None
        self.read += 1
        return record


def read_recordings(folder: str, kinds: tuple[str, ...] | None = ("exchange",)) -> RecordingReader:
    """An iterator of the records in ``folder``; after iterating, ``.skipped`` holds the count of
    torn or unreadable lines. ``kinds=None`` yields every kind."""
    return RecordingReader(folder, kinds)
