"""Running mitmproxy in this process with the apilint addon, and stopping it cleanly.

SIGTERM/SIGINT: stop listening, let in-flight exchanges finish and close client connections between
exchanges (``apilint.proxy.drain``), then shut mitmproxy down; the addon's ``done`` hook drains the
recorder queue and closes the segment.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from apilint.errors import InputError, shown_path
from apilint.proxy.drain import drain


class _ReusePortAsyncio:
    """``asyncio`` as seen by mitmproxy's mode servers, with SO_REUSEPORT on listening sockets, so
    that several proxy processes share one port and the kernel spreads connections across them."""

    def __getattr__(self, name: str) -> object:
        return getattr(asyncio, name)

    @staticmethod
    async def start_server(*args: object, **kwargs: object) -> asyncio.Server:
        return await asyncio.start_server(*args, reuse_port=True, **kwargs)  # type: ignore[arg-type]


class _Announce:
    """One line on stderr once mitmproxy listens (its ``running`` hook comes after the servers are up):
    a sidecar that says nothing until its first exchange leaves its operator guessing."""

    def __init__(self, log: logging.Logger, out: str, grpc: bool = False) -> None:
        self.log, self.out, self.grpc = log, out, grpc

    def running(self) -> None:
        from mitmproxy import ctx

        for server in ctx.master.addons.get("proxyserver").servers:
            addrs = " and ".join(sorted({f"{a[0]}:{a[1]}" for a in server.listen_addrs})) or "(no address)"
            description = server.mode.description
            if self.grpc:  # mitmproxy knows the upstream as http(s)://: say what the user gave
                description = description.replace("https://", "grpcs://").replace("http://", "grpc://")
            self.log.info("apilint proxy: %s listening at %s; recording to %s", description, addrs,
                          shown_path(self.out))


def serve_forever(options: dict, grace_s: float, reuse_port: bool = False) -> int:
    from mitmproxy import exceptions, optmanager
    from mitmproxy.options import Options
    from mitmproxy.tools.dump import DumpMaster

    from apilint.proxy.addon import ApilintRecorder

    if reuse_port:
        from mitmproxy.proxy import mode_servers

        mode_servers.asyncio = _ReusePortAsyncio()  # type: ignore[assignment]

    log = logging.getLogger("apilint.proxy")
    log.setLevel(logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False  # our own lines on stderr, not through mitmproxy's terminal log

    async def main() -> int:
        opts = Options()
        master = DumpMaster(opts, with_termlog=True, with_dumper=False)
        addon = ApilintRecorder()
        master.addons.add(addon, _Announce(log, options.get("apilint_out", ""), bool(options.get("apilint_proto"))))
        try:
            opts.update(**options)
        except (exceptions.OptionsError, optmanager.exceptions.OptionsError) as exc:
            raise InputError(str(exc)) from None
        loop = asyncio.get_running_loop()
        stopping = False
        tasks: set[asyncio.Task] = set()

        def on_signal() -> None:
            nonlocal stopping
            if stopping:  # a second signal: stop now
                master.shutdown()
                return
            stopping = True
            tasks.add(loop.create_task(drain(master, addon, grace_s, log)))

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal)
        if hasattr(signal, "SIGPIPE"):
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        await master.run()
        return 0

    try:
        return asyncio.run(main())
    except OSError as exc:
        print(f"apilint: cannot listen: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # mitmproxy's startup check (e.g. port in use) has printed why
        return 0 if exc.code in (0, None) else 2
