"""Between mitmproxy and the disk: a bounded inbox, and the sink that turns exchanges into lines.

``submit`` never blocks: when the inbox is full the exchange is dropped and counted. A writer (a
thread here, or worker processes in ``apilint.proxy.workers``) takes batches off the inbox; the
``RecordSink`` builds records (parse, redact, validate), and appends whole lines to segment files.
Any error is counted and logged without values; a disk that refuses writes costs recordings, never
traffic. ``close`` drains everything still queued, then closes the active segment.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from apilint.proxy.metrics import Metrics
from apilint.proxy.record import Captured, build, encode
from apilint.proxy.redaction import Redactor
from apilint.proxy.segments import SegmentWriter
from apilint.proxy.validation import SpecValidator

log = logging.getLogger("apilint.proxy")

BATCH_ITEMS = 512
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

    def line(self, cap: Captured | tuple) -> bytes | None:
        try:
            if type(cap) is tuple:  # a snapshot from the proxy's hook
                cap = Captured.from_raw(cap)
            record = build(cap, self.redactor, self.validator, self.error)
            line = encode(record)
        except Exception as exc:
            self.error("record", exc)
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

    def close(self) -> None:
        try:
            self.segments.close()
        except OSError as exc:
            self.error("close", exc)

    def error(self, stage: str, exc: BaseException) -> None:
        self.metrics.inc("apilint_proxy_errors_total", stage=stage)
        log_error(stage, exc)


class Inbox:
    """A bounded hand-off from mitmproxy's event loop to one consumer thread.

    ``put`` is a deque append under the GIL (no lock, no condition variable); the consumer is woken
    only when the inbox goes from empty to non-empty, i.e. once per batch rather than once per
    exchange, and each wake-up competes for the GIL with mitmproxy. ``put`` is called from one
    thread (the event loop).
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.items: deque = deque()
        self.closed = False
        self._wake = threading.Event()

    def put(self, item: Any) -> bool:
        items = self.items
        if len(items) >= self.maxsize or self.closed:
            return False
        items.append(item)
        if len(items) == 1:
            self._wake.set()
        return True

    def qsize(self) -> int:
        return len(self.items)

    def close(self) -> None:
        """The consumer drains what is queued, then its ``batches`` ends."""
        self.closed = True
        self._wake.set()

    def batches(self, linger_s: float = 0.0, max_items: int = BATCH_ITEMS) -> Iterator[list]:
        """Lists of queued items (up to ``max_items``, whatever is there) until closed and drained.

        ``linger_s`` waits a moment after a wake-up so that a busy proxy's exchanges go in one batch.
        """
        items = self.items
        while True:
            if not items:
                if self.closed:
                    return
                self._wake.wait()
                self._wake.clear()
                if linger_s and not self.closed:
                    time.sleep(linger_s)
            batch = []
            while items and len(batch) < max_items:
                batch.append(items.popleft())
            if batch:
                yield batch


class Recorder:
    """The in-process writer: one background thread drains the queue into a RecordSink."""

    def __init__(
        self,
        segments: SegmentWriter,
        metrics: Metrics,
        redactor: Redactor,
        make_validator: Callable[[], SpecValidator] | None = None,
        max_queue: int = 10_000,
    ) -> None:
        self.segments = segments
        self.metrics = metrics
        self.redactor = redactor
        self._make_validator = make_validator
        self.inbox = Inbox(max_queue)
        self.captured = 0
        self._thread = threading.Thread(target=self._run, name="apilint-writer", daemon=True)
        metrics.gauges["apilint_proxy_queue_depth"] = self.inbox.qsize
        metrics.live["apilint_proxy_captured_total"] = lambda: self.captured

    def start(self) -> None:
        self._thread.start()

    def submit(self, cap: Captured | tuple) -> bool:
        if not self.inbox.put(cap):
            self.metrics.inc("apilint_proxy_dropped_total", reason="queue_full")
            return False
        self.captured += 1  # one thread submits; a plain int is cheaper than a locked counter
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Write everything queued so far, then stop the thread."""
        self.inbox.close()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        sink = RecordSink(self.segments, self.metrics, self.redactor, None)
        if self._make_validator is not None:
            try:
                sink.validator = self._make_validator()
            except Exception as exc:  # counted; recording continues without validation
                sink.error("validator", exc)
        for batch in self.inbox.batches():
            sink.write_batch(batch)
        sink.close()
