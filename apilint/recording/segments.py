"""Append-only segment files: whole lines only, rotated by size and age.

The active segment is ``<prefix>-<utc>-<pid>-<n>.jsonl.open``; rotation fsyncs, closes and renames it
to ``.jsonl``. Lines go out with ``os.write`` on an ``O_APPEND`` descriptor (no user-space buffer), so
everything written survives a crash of the process; a crash in the middle of a write leaves at most
one torn last line, which readers skip.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from apilint.recording.format import closed_segment_name, open_segment_name
from apilint.safepath import inside, safe_name


class SegmentWriter:
    """Appends whole lines to the active segment of ``folder``; one writer per process and prefix."""

    def __init__(self, folder: str, prefix: str = "rec", max_bytes: int = 64 << 20, max_age_s: float = 3600.0) -> None:
        self.folder = folder
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.max_age_s = max_age_s
        self._fd: int | None = None
        self._path = ""
        self._size = 0
        self._opened = 0.0
        self._seq = 0
        self.recreated = 0  # segments opened again because the active one (or the folder) was deleted

    def _open(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self._seq += 1
        name = open_segment_name(safe_name(self.prefix, "rec"), stamp, os.getpid(), self._seq)
        self._path = inside(self.folder, name)
        # O_NOFOLLOW: a symlink planted under the segment's name is refused, not written through
        self._fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        self._size = 0
        self._opened = time.monotonic()

    def write(self, data: bytes) -> None:
        """Append whole lines (``data`` ends with a newline). Raises OSError when the disk refuses."""
        if self._fd is not None and (self._size >= self.max_bytes or time.monotonic() - self._opened >= self.max_age_s):
            self.rotate()
        if self._fd is None:
            self._open()
        self._write_all(data)
        if os.fstat(self._fd).st_nlink == 0:  # type: ignore[arg-type]
            # The segment (or its folder) was deleted while open: what was just written went nowhere.
            # Start a new segment (and folder) and write it again.
            self.abandon()
            self.recreated += 1
            self._open()
            self._write_all(data)
        self._size += len(data)

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)  # type: ignore[arg-type]
            view = view[n:]

    def rotate(self) -> None:
        """Close the active segment (if any) and give it its final name."""
        if self._fd is None:
            return
        fd, path = self._fd, self._path
        self._fd = None
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.replace(path, closed_segment_name(path))
        except FileNotFoundError:  # deleted under us; its lines were written again elsewhere
            pass

    def abandon(self) -> None:
        """Forget the active segment without renaming it (its disk is failing)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass

    def close(self) -> None:
        self.rotate()
