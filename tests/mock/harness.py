"""Starting the real `apilint mock` process for a test and stopping it (bounded in time)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

from tests.replay.service import ROOT, free_port

READY_S = 20.0


@dataclass
class Mock:
    proc: subprocess.Popen
    port: int
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 20.0) -> tuple[int, str]:
        """SIGTERM, wait; (exit code, everything it wrote on stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        time.sleep(0.05)  # the reader thread takes the last lines
        return self.proc.returncode, "".join(self.lines)


def start_mock(*args: str, port: int | None = None, cwd: str | None = None) -> Mock:
    """``apilint mock ARGS --listen 127.0.0.1:PORT``, returned once it says "listening at"."""
    port = port or free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "apilint", "mock", *args, "--listen", f"127.0.0.1:{port}"],
                            cwd=cwd or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    mock = Mock(proc, port)
    ready = threading.Event()

    def read() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            mock.lines.append(line)
            if "listening at" in line:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(READY_S) or proc.poll() is not None:
        code, err = mock.stop()
        raise RuntimeError(f"apilint mock did not start (exit {code}): {err[-2000:]}")
    return mock
