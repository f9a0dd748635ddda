"""Running the mock in this process until SIGTERM/SIGINT, then the journal and the exit code.

Exit codes: 0 no miss, 1 a miss happened (or, with ``--verify-used``, an interaction was never
used), 2 bad input or the address cannot be listened on.
"""

from __future__ import annotations

import asyncio
import gc
import json
import signal
import sys
from collections.abc import Callable
from typing import Any

from apilint.mock.app import MockApp
from apilint.mock.journal import summary_line
from apilint.mock.server import serve

EXIT_OK, EXIT_MISSED, EXIT_BAD = 0, 1, 2
GRACE_S = 5.0  # how long a stopping mock waits for answers in flight (latency, forwarding)


def exit_code(journal: dict[str, Any], verify_used: bool) -> int:
    summary = journal["summary"]
    return EXIT_MISSED if summary["misses"] or (verify_used and summary["unused"]) else EXIT_OK


def write_journal(journal: dict[str, Any], path: str | None, quiet: bool) -> bool:
    """The summary on stderr, the JSON to ``path``; False when ``path`` cannot be written (said on stderr)."""
    written = True
    if path:
        try:
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(journal, fh, indent=1)
        except OSError as exc:
            print(f"apilint: --journal {path}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            written = False
    if not quiet:
        print(summary_line(journal), file=sys.stderr, flush=True)
        for entry in journal["unused"][:20]:
            print(f"  never used: {entry['name']} ({entry['source']})", file=sys.stderr)
        for miss in journal["misses"][:20]:
            req = miss["request"]
            print(f"  miss: {req['method']} {req['path']}", file=sys.stderr)
    return written


def serve_mock(app: MockApp, host: str, port: int, reuse_port: bool, announce: Callable[[str], None]) -> int:
    """Serve until a signal; 0, or 2 when the address cannot be listened on."""

    def ready(addresses: list[tuple[str, int]]) -> None:
        for address in addresses:
            shown = f"[{address[0]}]" if ":" in address[0] else address[0]
            announce(f"http://{shown}:{address[1]}")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(app, host, port, reuse_port, ready, stop, GRACE_S)

    gc.collect()
    gc.freeze()  # the loaded interactions stay: the cyclic GC need not rescan them (p99 latency)
    try:
        asyncio.run(main())
    except OSError as exc:
        print(f"apilint: --listen {host}:{port}: cannot listen ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_BAD
    return EXIT_OK
