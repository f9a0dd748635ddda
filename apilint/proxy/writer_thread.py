"""The in-process writer (``--workers 0``): one background thread drains the inbox into a RecordSink."""

from __future__ import annotations

import threading
from collections.abc import Callable

from apilint.proxy.inbox import Submissions
from apilint.proxy.metrics import Metrics
from apilint.proxy.sink import RecordSink
from apilint.proxy.validation import SpecValidator
from apilint.recording.redaction import Redactor
from apilint.recording.segments import SegmentWriter


class Recorder(Submissions):
    """The in-process writer: one background thread drains the queue into a RecordSink."""

    def __init__(
        self,
        segments: SegmentWriter,
        metrics: Metrics,
        redactor: Redactor,
        make_validator: Callable[[], SpecValidator] | None = None,
        max_queue: int = 10_000,
        make_grpc: Callable[[Redactor], object] | None = None,
    ) -> None:
        super().__init__(metrics, max_queue)
        self.segments = segments
        self.redactor = redactor
        self._make_validator = make_validator
        self._make_grpc = make_grpc  # -> apilint.proxy.grpc_build.GrpcRecords, built in the writer thread
        self._thread = threading.Thread(target=self._run, name="apilint-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

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
        if self._make_grpc is not None:
            try:
                sink.grpc = self._make_grpc(self.redactor)
            except Exception as exc:
                sink.error("protos", exc)
        for batch in self.inbox.batches():
            sink.write_batch(batch)
        sink.close()
