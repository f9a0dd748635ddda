"""Stopping on SIGTERM without resetting a client mid-exchange.

Two things reset clients when a proxy stops under load, and both are avoided here:

- closing a listening socket resets every connection still in its accept queue (the kernel has
  completed the handshake, the client may already have sent its request). The queue is shrunk,
  then emptied with ``accept`` and the listener closed in the same step; the connections taken
  from it are served like any other.
- closing kept-alive connections while a request is arriving on them. A connection is closed only
  between exchanges: after a response (which says ``Connection: close`` once stopping) or after it
  has been idle (no exchange, nothing unread) for ``IDLE_CLOSE_S`` since the stop, its accept or its
  last exchange (a client that sends at that very moment meets
  the race every HTTP/1.1 keep-alive close has; a busy client is never idle that long).
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import socket
import struct
import termios
import time
from typing import Any

IDLE_CLOSE_S = 0.5
log = logging.getLogger("apilint.proxy")


def _take_queued(instance: Any) -> list[socket.socket]:
    """Close ``instance``'s listeners, keeping the connections already queued on them."""
    taken: list[socket.socket] = []
    for server in list(getattr(instance, "_servers", ())):
        listeners = [socket.socket(fileno=os.dup(s.fileno())) for s in getattr(server, "sockets", None) or ()]
        server.close()  # asyncio stops accepting; the duplicated descriptors keep the queue alive
        for sock in listeners:
            sock.setblocking(False)
            while True:
                try:
                    conn, _ = sock.accept()
                except OSError:  # BlockingIOError: the queue is empty
                    break
                taken.append(conn)
            sock.close()
    log.debug("apilint proxy: %d queued connections taken over", len(taken))
    return taken


async def _serve(instance: Any, conn: socket.socket) -> None:
    reader, writer = await asyncio.open_connection(sock=conn)
    await instance.handle_stream(reader, writer)


def _unread(handler: Any) -> int:
    """Bytes the client sent that nobody has read yet (a request on its way in)."""
    try:
        sock = handler.transports[handler.client].writer.get_extra_info("socket")
        return struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.FIONREAD, b"\0\0\0\0"))[0]
    except Exception:  # not a socket we can ask: judge by time alone
        return 0


def _close_idle(connections: dict, addon: Any, stopped_at: float, closed: set) -> None:
    now = time.monotonic()
    for cid, handler in list(connections.items()):
        if cid in closed or addon.busy.get(cid):
            continue
        if now - addon.quiet_since.get(cid, stopped_at) >= IDLE_CLOSE_S and not _unread(handler):
            closed.add(cid)
            try:
                handler.close_connection(handler.client)
            except Exception:  # already going away
                pass


async def drain(master: Any, addon: Any, grace_s: float, log: logging.Logger) -> None:
    """Stop listening, let in-flight exchanges finish and close connections between exchanges
    (bounded by ``grace_s``), then shut mitmproxy down."""
    addon.stopping = True
    stopped_at = time.monotonic()
    deadline = stopped_at + grace_s
    proxyserver = master.addons.get("proxyserver")
    tasks: set[asyncio.Task] = set()
    try:
        for instance in list(proxyserver.servers):
            tasks.update(asyncio.ensure_future(_serve(instance, conn)) for conn in _take_queued(instance))
        await proxyserver.servers.update([])
    except Exception as exc:  # still drain and stop; only new connections keep arriving
        log.warning("apilint proxy: could not stop listening: %s", exc)
    closed: set = set()
    while (proxyserver.connections or addon.inflight > 0 or any(not t.done() for t in tasks)) and (
        time.monotonic() < deadline
    ):
        _close_idle(proxyserver.connections, addon, stopped_at, closed)
        await asyncio.sleep(0.02)
    if addon.inflight > 0:
        log.warning("apilint proxy: grace period over with %d exchanges in flight", addon.inflight)
    master.shutdown()
