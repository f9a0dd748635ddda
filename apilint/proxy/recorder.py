"""The bounded queue and the background writer thread between mitmproxy and the disk.

``submit`` never blocks: when the queue is full the exchange is dropped and counted. The writer
builds records (parse, redact, validate), batches whole lines and appends them to segment files.
Any error is counted and logged without values; a disk that refuses writes costs recordings, never
traffic. ``close`` drains everything still queued, then closes the active segment.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from apilint.proxy.metrics import Metrics
from apilint.proxy.record import Captured, build, encode
from apilint.proxy.redaction import Redactor
from apilint.proxy.segments import SegmentWriter
from apilint.proxy.validation import SpecValidator

log = logging.getLogger("apilint.proxy")

_STOP = object()
BATCH_BYTES = 256 << 10
RETRY_OPEN_S = 5.0


class Recorder:
    def __init__(
        self,
        segments: SegmentWriter,
        metrics: Metrics,
        redactor: Redactor,
        make_validator: Callable[[], SpecValidator] | None = None,
        max_queue: int = 10_000,
        flush_interval_s: float = 0.2,
    ) -> None:
        self.segments = segments
        self.metrics = metrics
        self.redactor = redactor
        self._make_validator = make_validator
        self.queue: queue.Queue = queue.Queue(maxsize=max_queue)
        self.flush_interval_s = flush_interval_s
        self._thread = threading.Thread(target=self._run, name="apilint-writer", daemon=True)
        self._disk_down_until = 0.0
        metrics.gauges["apilint_proxy_queue_depth"] = self.queue.qsize

    def start(self) -> None:
        self._thread.start()

    def submit(self, cap: Captured) -> bool:
        try:
            self.queue.put_nowait(cap)
        except queue.Full:
            self.metrics.inc("apilint_proxy_dropped_total", reason="queue_full")
            return False
        self.metrics.inc("apilint_proxy_captured_total")
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Write everything queued so far, then stop the thread."""
        if not self._thread.is_alive():
            return
        self.queue.put(_STOP)  # blocks only if full; the writer keeps draining
        self._thread.join(timeout)

    # -- writer thread -----------------------------------------------------------------------
    def _run(self) -> None:
        validator = None
        if self._make_validator is not None:
            try:
                validator = self._make_validator()
            except Exception as exc:  # counted; recording continues without validation
                self._error("validator", exc)
        stop = False
        while not stop:
            try:
                item = self.queue.get(timeout=self.flush_interval_s)
            except queue.Empty:
                continue
            batch: list[bytes] = []
            size = 0
            while True:
                if item is _STOP:
                    stop = True
                    break
                line = self._line(item, validator)
                if line is not None:
                    batch.append(line)
                    size += len(line)
                if size >= BATCH_BYTES:
                    break
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._write(batch)
        try:
            self.segments.close()
        except OSError as exc:
            self._error("close", exc)

    def _line(self, cap: Captured, validator: SpecValidator | None) -> bytes | None:
        try:
            record = build(cap, self.redactor, validator, self._error)
            line = encode(record)
        except Exception as exc:
            self._error("record", exc)
            return None
        if record["redacted"]:
            self.metrics.inc("apilint_proxy_redacted_total", len(record["redacted"]))
        for v in record["violations"]:
            self.metrics.inc(
                "apilint_proxy_violations_total",
                operation=record["operation"] or "unknown",
                side=v["side"],
                kind=v["kind"],
            )
        return line

    def _write(self, batch: list[bytes]) -> None:
        if time.monotonic() < self._disk_down_until:
            self.metrics.inc("apilint_proxy_dropped_total", len(batch), reason="write_error")
            return
        try:
            self.segments.write(b"".join(batch))
        except OSError as exc:
            self._disk_down_until = time.monotonic() + RETRY_OPEN_S
            try:  # start a fresh segment next time: a torn tail stays the last line of this one
                self.segments.rotate()
            except OSError:
                self.segments.abandon()
            self.metrics.inc("apilint_proxy_dropped_total", len(batch), reason="write_error")
            self._error("write", exc)
            return
        self.metrics.inc("apilint_proxy_written_total", len(batch))

    def _error(self, stage: str, exc: BaseException) -> None:
        self.metrics.inc("apilint_proxy_errors_total", stage=stage)
        log_error(stage, exc)


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
