"""The hand-off from mitmproxy's event loop to a writer: a bounded inbox that never blocks.

``submit`` never blocks: when the inbox is full the exchange is dropped and counted. Both writers
(a thread, ``apilint.proxy.writer_thread``, or processes, ``apilint.proxy.writer_pool``) take
batches off it; ``close`` lets them drain everything still queued.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import Any

from apilint.proxy.metrics import Metrics
from apilint.recording.capture import Captured, RawExchange

BATCH_ITEMS = 512


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


class Submissions:
    """What both writers share: the inbox the event loop submits to, and its counters."""

    def __init__(self, metrics: Metrics, max_queue: int) -> None:
        self.metrics = metrics
        self.inbox = Inbox(max_queue)
        self.captured = 0
        metrics.gauges["apilint_proxy_queue_depth"] = self.inbox.qsize
        metrics.live["apilint_proxy_captured_total"] = lambda: self.captured

    def submit(self, cap: Captured | RawExchange) -> bool:
        if not self.inbox.put(cap):
            self.metrics.inc("apilint_proxy_dropped_total", reason="queue_full")
            return False
        self.captured += 1  # one thread submits; a plain int is cheaper than a locked counter
        return True
