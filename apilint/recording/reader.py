"""Reading recordings (docs/recording-format.md), skipping torn and unreadable lines.

Shared by ``apilint contracts build``, ``apilint replay``, the fuzzer's seeds and ``apilint traffic``::

    reader = read_recordings("recordings/live")   # a folder, one segment, a HAR file or a flow dump
    for record in reader:
        ...
    print(reader.skipped, "lines skipped")

HAR files and mitmproxy flow dumps ("Other inputs") become records on the way in, through the proxy's own
record building and redaction: readers see one format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from apilint.errors import shown_path
from apilint.recording.flows import flow_captures
from apilint.recording.format import EXCHANGE, ExchangeRecord
from apilint.recording.har import har_captures
from apilint.recording.redaction import Redactor, config_for
from apilint.recording.sources import FLOWS, HAR, recording_files, sniffed_kind


class RecordingReader:
    """Iterates the records of a folder or file (or of given recording files). ``skipped`` counts torn or
    unparseable lines and HAR entries or flows that cannot be read (``problems`` says which and why),
    ``other`` records of kinds not asked for."""

    def __init__(self, folder: str | None, kinds: tuple[str, ...] | None = (EXCHANGE,),
                 files: list[str] | None = None) -> None:
        self.folder = folder
        self.kinds = kinds
        self.files = files if files is not None else recording_files(folder or "")
        self.skipped = 0
        self.other = 0
        self.read = 0
        self.problems: list[str] = []
        self._redactor: Redactor | None = None

    def __iter__(self) -> Iterator[ExchangeRecord]:
        for _, record in self.located():
            yield record

    def located(self) -> Iterator[tuple[str, ExchangeRecord]]:
        """``(where, record)`` for each record (``file:line``, ``file.har#/log/entries/N``, ``dump#N``), for
        callers that report where a record came from."""
        for path in self.files:
            kind = sniffed_kind(path)
            if kind in (HAR, FLOWS):
                yield from self._imported(path, kind)
                continue
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

    def _imported(self, path: str, kind: str) -> Iterator[tuple[str, ExchangeRecord]]:
        """A HAR file's entries or a flow dump's HTTP flows as records, built and redacted as the proxy
        builds them (no spec: ``operation`` null, no violations) and read back as a reader reads a line."""
        from apilint.recording.build import build, encode

        if self.kinds is not None and EXCHANGE not in self.kinds:
            return
        if self._redactor is None:
            self._redactor = Redactor(config_for([]))
        captures = har_captures if kind == HAR else flow_captures
        for where, cap in captures(path, self._skip):
            self.read += 1
            yield where, json.loads(encode(build(cap, self._redactor, None)))

    def _skip(self, reason: str, count: int = 1) -> None:
        self.skipped += count
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
    """An iterator of the records in ``folder`` (or in one recording file: a segment, a HAR file, a flow
    dump); after iterating, ``.skipped`` holds the count of torn or unreadable lines, entries and flows.
    ``kinds=None`` yields every kind."""
    return RecordingReader(folder, kinds)
