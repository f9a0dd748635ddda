"""The pool of writer processes: the recording work leaves mitmproxy's process (and its GIL).

Parsing, redaction, validation and JSON encoding cost about as much CPU as proxying itself; done
in a thread they would halve the proxy's throughput. ``WorkerRecorder`` keeps the same contract as
``Recorder`` (``submit`` never blocks, a full queue drops and counts) but a sender thread pickles
batches into the stdin pipe of ``--workers`` child processes (``apilint.proxy.writer_process``), round
robin; each child writes its own segment files. Their counters come back on their stdout. The
children run at idle CPU priority by default (see ``apilint.proxy.writer_process``).
"""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import struct
import subprocess
import sys
import threading
from itertools import cycle

from apilint.proxy.inbox import Submissions
from apilint.proxy.metrics import Metrics
from apilint.proxy.sink import log_error

PIPE_BYTES = 1 << 20
LINGER_S = 0.02
F_SETPIPE_SZ = 1031


def max_workers() -> int:
    """The most writer processes worth starting: two per core (each costs ~20 MB at rest)."""
    return 2 * (os.cpu_count() or 1)


def check_workers(workers: int, procs: int = 1) -> str | None:
    """Why ``--workers`` is refused, or None: every one of the ``--procs`` processes starts its own
    ``workers`` writers, so the cap holds for their product."""
    if workers < 0:
        return "--workers must be 0 or more"
    if procs * workers > max_workers():
        got = f"{workers}" if procs == 1 else f"--procs {procs} x --workers {workers} = {procs * workers}"
        return f"--workers must be at most {max_workers()} (2 per CPU core) in all processes, got {got}"
    return None


def _child_env() -> dict[str, str]:
    import apilint

    root = os.path.dirname(os.path.dirname(os.path.abspath(apilint.__file__)))
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


class WorkerRecorder(Submissions):
    """``--workers N``: a sender thread feeds N writer processes round robin."""

    def __init__(
        self,
        out: str,
        metrics: Metrics,
        spec_path: str = "",
        workers: int = 1,
        max_queue: int = 10_000,
        rotate_mb: int = 64,
        rotate_s: int = 3600,
        redact: list[str] | None = None,
        priority: str = "idle",
        proto_root: str = "",
    ) -> None:
        super().__init__(metrics, max_queue)
        self.children: list[subprocess.Popen] = []
        for n in range(workers):
            cmd = [
                sys.executable,
                "-m",
                "apilint.proxy.writer_process",
                "--out",
                out,
                "--prefix",
                f"rec-w{n}",
                "--rotate-mb",
                str(rotate_mb),
                "--rotate-s",
                str(rotate_s),
                "--priority",
                priority,
            ]
            if spec_path:
                cmd += ["--spec", spec_path]
            if proto_root:
                cmd += ["--proto", proto_root]
            for name in redact or []:
                cmd += ["--redact", name]
            child = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_child_env())
            try:
                fcntl.fcntl(child.stdin.fileno(), F_SETPIPE_SZ, PIPE_BYTES)  # type: ignore[union-attr]
            except OSError:
                pass
            self.children.append(child)
        self._sender = threading.Thread(target=self._send, name="apilint-sender", daemon=True)
        self._readers = [
            threading.Thread(target=self._read, args=(n, c), name=f"apilint-worker{n}", daemon=True)
            for n, c in enumerate(self.children)
        ]

    def start(self) -> None:
        self._sender.start()
        for reader in self._readers:
            reader.start()

    def close(self, timeout: float = 30.0) -> None:
        """Send everything queued, close the pipes, and wait for the children to finish writing."""
        self.inbox.close()
        if self._sender.is_alive():
            self._sender.join(timeout)
        for child in self.children:
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                child.kill()
        for reader in self._readers:
            reader.join(5)

    def _send(self) -> None:
        targets = cycle(self.children)
        for batch in self.inbox.batches(linger_s=LINGER_S):
            child = next(targets)
            try:
                data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
                child.stdin.write(struct.pack(">I", len(data)) + data)  # type: ignore[union-attr]
                child.stdin.flush()  # type: ignore[union-attr]
            except Exception as exc:  # a dead worker costs its recordings, never the traffic
                self.metrics.inc("apilint_proxy_dropped_total", len(batch), reason="worker_error")
                self.metrics.inc("apilint_proxy_errors_total", stage="send")
                log_error("send", exc)
        for child in self.children:
            try:
                child.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass

    def _read(self, n: int, child: subprocess.Popen) -> None:
        for line in child.stdout:  # type: ignore[union-attr]
            try:
                self.metrics.set_external(f"worker{n}", json.loads(line))
            except ValueError:
                pass
