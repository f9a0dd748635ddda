"""``--procs N`` for the servers (``apilint proxy``, ``apilint mock``): N processes on one port.

The first process starts N-1 copies of its own command line with SO_REUSEPORT (Linux spreads new
connections across all of them); ``child_argv`` is that command line, ``copies`` runs them.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from collections.abc import Iterator


def child_argv(drop: tuple[str, ...], extra: list[str]) -> list[str]:
    """This process's ``apilint`` command without the options in ``drop`` (each with its value), plus
    ``extra``."""
    argv, skip = [], False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
            continue
        if arg in drop:
            skip = True
            continue
        if arg.startswith(tuple(f"{name}=" for name in drop)):
            continue
        argv.append(arg)
    return [sys.executable, "-m", "apilint", *argv, *extra]


@contextlib.contextmanager
def copies(argvs: list[list[str]], wait_s: float) -> Iterator[list[subprocess.Popen]]:
    """One process per command line while the block runs. SIGTERM/SIGINT reaching this process are
    forwarded to them; leaving the block sends them SIGTERM and waits up to ``wait_s`` (then kills)."""
    children = [subprocess.Popen(argv) for argv in argvs]

    def forward(signum: int, _frame: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield children
    finally:
        forward(signal.SIGTERM, None)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for child in children:
            try:
                child.wait(wait_s)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
