"""``apilint proxy --procs N``: N mitmproxy processes on one port (SO_REUSEPORT).

mitmproxy runs one event loop on one core. With ``--procs N`` this process starts N-1 copies of
the same command (``--procs 1 --reuse-port``, without ``--metrics``), then serves itself; all bind
the listening port with SO_REUSEPORT and the kernel spreads new connections across them. Each
writes its own segment files (names carry the writer's pid). SIGTERM/SIGINT reach every copy: this
process forwards them and waits for the copies to flush. All of them count into one private
prometheus_client multiprocess folder made here (``apilint.proxy.prom``), so ``--metrics`` (served
by this process) covers every process.
"""

from __future__ import annotations

from apilint.proxy.prom import private_dir, remove_dir
from apilint.proxy.server import serve_forever
from apilint.reuseport import child_argv, copies


def _child_argv() -> list[str]:
    return child_argv(("--procs", "--metrics"), ["--procs", "1", "--reuse-port"])


def run_procs(n: int, options: dict, grace_s: float) -> int:
    metrics_dir = private_dir()
    try:
        return _run(n, options, grace_s)
    finally:
        remove_dir(metrics_dir)


def _run(n: int, options: dict, grace_s: float) -> int:
    with copies([_child_argv() for _ in range(n - 1)], grace_s + 30) as children:
        code = serve_forever(options, grace_s, reuse_port=True)
    return code or max((c.returncode or 0 for c in children), default=0)
