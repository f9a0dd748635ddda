"""The writer's end: captured exchanges -> redacted, validated JSON lines -> segment files.

Used by the writer thread (``apilint.proxy.writer_thread``) and each writer process
(``apilint.proxy.writer_process``). Any error is counted and logged without values; a disk that
refuses writes costs recordings, never traffic.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from apilint.proxy.grpc_capture import GRPC
from apilint.proxy.metrics import Metrics
from apilint.proxy.validation import SpecValidator
from apilint.recording.build import build, encode
from apilint.recording.capture import Captured
from apilint.recording.redaction import Redactor
from apilint.recording.segments import SegmentWriter

log = logging.getLogger("apilint.proxy")

RETRY_OPEN_S = 5.0


def log_error(stage: str, exc: BaseException) -> None:
    """Log where it failed and the error type, never the message (it may quote a secret)."""
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        where = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    errno = getattr(exc, "errno", None)
    log.warning(
        "apilint proxy: %s error %s%s at %s (traffic unaffected)",
        stage,
        type(exc).__name__,
        f" errno={errno}" if errno else "",
        where,
    )


class RecordSink:
    """Captured exchanges -> redacted, validated JSON lines -> segment files (one thread only)."""

    def __init__(
        self, segments: SegmentWriter, metrics: Metrics, redactor: Redactor, validator: SpecValidator | None
    ) -> None:
        self.segments = segments
        self.metrics = metrics
        self.redactor = redactor
        self.validator = validator
        self._disk_down_until = 0.0
        self._recreated = segments.recreated
        self.grpc: Any = None  # apilint.proxy.grpc_build.GrpcRecords when the proxy fronts a gRPC service
        self._logged: set[tuple[str, str]] = set()

    def line(self, cap: Captured | tuple) -> bytes | None:
        try:
            if type(cap) is tuple and cap[0] == GRPC and self.grpc is not None:
                record, undecoded = self.grpc.build(cap)
                if undecoded is not None:
                    self._undecoded(record["request"]["path"], undecoded)
            else:
                if type(cap) is tuple:  # a snapshot from the proxy's hook
                    cap = Captured.from_raw(cap)
                record = build(cap, self.redactor, self.validator, self.error)
            line = encode(record)
        except Exception as exc:
            self.error("record", exc)
            return None
        if record["redacted"]:
            self.metrics.inc("apilint_proxy_redacted_total", len(record["redacted"]))
        for side in ("request", "response"):
            note = record[side]["body_note"]
            if note and "omitted" in note:
                self.metrics.inc("apilint_proxy_bodies_omitted_total", side=side, reason=note["omitted"])
        for v in record["violations"]:
            self.metrics.inc(
                "apilint_proxy_violations_total",
                operation=record["operation"] or "unknown",
                side=v["side"],
                kind=v["kind"],
            )
        return line

    def _undecoded(self, path: str, reason: str) -> None:
        """Count a gRPC call recorded without its messages; log it once per RPC and reason."""
        self.metrics.inc("apilint_proxy_grpc_undecoded_total", reason=reason)
        if (path, reason) not in self._logged and len(self._logged) < 1000:
            self._logged.add((path, reason))
            log.warning("apilint proxy: gRPC call %s passed through and recorded without its messages (%s)",
                        path, reason.replace("_", " "))

    def write_batch(self, caps: list[Captured | tuple]) -> None:
        lines = [line for line in map(self.line, caps) if line is not None]
        if not lines:
            return
        if time.monotonic() < self._disk_down_until:
            self.metrics.inc("apilint_proxy_dropped_total", len(lines), reason="write_error")
            return
        try:
            self.segments.write(b"".join(lines))
        except OSError as exc:
            self._disk_down_until = time.monotonic() + RETRY_OPEN_S
            self.metrics.inc("apilint_proxy_dropped_total", len(lines), reason="write_error")
            self.error("write", exc)
            try:  # start a fresh segment next time: a torn tail stays the last line of this one
                self.segments.rotate()
            except OSError:
                self.segments.abandon()
            return
        self.metrics.inc("apilint_proxy_written_total", len(lines))
        if self.segments.recreated != self._recreated:
            self.metrics.inc("apilint_proxy_segments_recreated_total", self.segments.recreated - self._recreated)
            self._recreated = self.segments.recreated

    def close(self) -> None:
        try:
            self.segments.close()
        except OSError as exc:
            self.error("close", exc)

    def error(self, stage: str, exc: BaseException) -> None:
        self.metrics.inc("apilint_proxy_errors_total", stage=stage)
        log_error(stage, exc)
