"""Reading a recording folder (docs/recording-format.md), skipping torn and unreadable lines.

Shared by ``apilint contracts build``, ``apilint replay`` and the fuzzer's seeds::

    reader = read_recordings("recordings/live")
    for record in reader:
        ...
    print(reader.skipped, "lines skipped")
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from apilint.errors import InputError, shown_path
from apilint.recording.format import EXCHANGE, ExchangeRecord, is_segment


def segment_files(folder: str) -> list[str]:
    """Every segment under ``folder`` (sub-folders too), in name order: names start with the time."""
    if not os.path.isdir(folder):
        raise InputError("not a recording folder (no such directory)", file=shown_path(folder))
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in files if is_segment(f))
    return sorted(found, key=lambda p: (os.path.basename(p), p))


class RecordingReader:
    """Iterates the records of a folder (or of given segment files). ``skipped`` counts torn or
    unparseable lines (``problems`` says which and why), ``other`` records of kinds not asked for."""

    def __init__(self, folder: str | None, kinds: tuple[str, ...] | None = (EXCHANGE,),
                 files: list[str] | None = None) -> None:
        self.folder = folder
        self.kinds = kinds
        self.files = files if files is not None else segment_files(folder or "")
        self.skipped = 0
        self.other = 0
        self.read = 0
        self.problems: list[str] = []

    def __iter__(self) -> Iterator[ExchangeRecord]:
        for _, record in self.located():
            yield record

    def located(self) -> Iterator[tuple[str, ExchangeRecord]]:
        """``(file:line, record)`` for each record, for callers that report where a record came from."""
        for path in self.files:
            shown = shown_path(path)
            try:
                with open(path, "rb") as fh:
                    for number, line in enumerate(fh, 1):
                        where = f"{shown}:{number}"
                        record = self._parse(line, where)
                        if record is not None:
                            yield where, record
            except OSError as exc:
                self._skip(f"{shown}: cannot read ({exc.strerror or exc})")

    def _skip(self, reason: str) -> None:
        self.skipped += 1
        self.problems.append(reason)

    def _parse(self, line: bytes, where: str) -> ExchangeRecord | None:
        if not line.endswith(b"\n"):
            self._skip(f"{where}: torn line")  # a torn last line: written without its newline
            return None
        if not line.strip():
            return None
        try:
            record = json.loads(line)
        except ValueError:
            self._skip(f"{where}: not JSON")
            return None
        if not isinstance(record, dict):
            self._skip(f"{where}: not a JSON object")
            return None
        if self.kinds is not None and record.get("kind") not in self.kinds:
            self.other += 1
            return None
        self.read += 1
        return record


def read_recordings(folder: str, kinds: tuple[str, ...] | None = (EXCHANGE,)) -> RecordingReader:
    """An iterator of the records in ``folder``; after iterating, ``.skipped`` holds the count of
    torn or unreadable lines. ``kinds=None`` yields every kind."""
    return RecordingReader(folder, kinds)
