"""`apilint proxy`: the recording sidecar (mitmproxy with the apilint addon, in this process)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import threading
import time

from apilint.errors import InputError, shown_path
from apilint.target import is_grpc_url, parse_grpc_target

HELP = "Run the recording sidecar: a reverse proxy that validates, redacts and records live traffic."

GRACE_S = 10.0  # how long SIGTERM waits for in-flight exchanges before stopping


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--upstream",
        help="service to forward to, e.g. http://127.0.0.1:8000, or a gRPC service: grpc://HOST:PORT (plaintext "
        "HTTP/2) or grpcs://HOST:PORT (TLS), with --proto (reverse mode; required unless --mode is given)",
    )
    parser.add_argument(
        "--proto",
        metavar="PROTO_ROOT",
        help="the gRPC service's .proto file or folder: calls are decoded, validated (PGV, REQUIRED) and recorded",
    )
    parser.add_argument("--listen", default="127.0.0.1:8080", help="HOST:PORT to listen on (default %(default)s)")
    parser.add_argument(
        "--mode",
        help="mitmproxy mode instead of reverse:UPSTREAM, e.g. 'regular' or 'transparent' (see docs/proxy.md)",
    )
    parser.add_argument("--out", default="recordings/live", help="folder for recorded exchanges (default %(default)s)")
    parser.add_argument("--spec", help="OpenAPI 3.x or Swagger 2.0 spec to validate live traffic against")
    parser.add_argument(
        "--enforce",
        action="store_true",
        help="reject requests that violate --spec with 400 problem+json (gRPC: --proto's constraints, with "
        "INVALID_ARGUMENT and a google.rpc.BadRequest) before they reach the service",
    )
    parser.add_argument("--sample", type=float, default=1.0, metavar="RATE", help="fraction of exchanges to record")
    parser.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="PATH_GLOB",
        help="record only paths matching this glob (repeatable)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATH_GLOB",
        help="never record paths matching this glob (repeatable)",
    )
    parser.add_argument(
        "--redact",
        action="append",
        default=[],
        metavar="NAME",
        help="also redact this body field / query parameter / header name (repeatable; defaults stay on)",
    )
    parser.add_argument("--metrics", metavar="HOST:PORT", help="serve Prometheus metrics on /metrics")
    parser.add_argument("--queue", type=int, default=10_000, help="exchanges that may wait for the writer")
    parser.add_argument("--rotate-mb", type=int, default=64, help="rotate segment files after this many MiB")
    parser.add_argument("--rotate-s", type=int, default=3600, help="rotate segment files after this many seconds")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="writer processes that redact, validate and write (0: a thread in the proxy process)",
    )
    parser.add_argument(
        "--writer-priority",
        choices=("idle", "low", "normal"),
        default="idle",
        help="CPU priority of the writer processes: idle (default: only CPU time the traffic does not need; "
        "a saturated CPU drops and counts recordings), low (nice 19), normal",
    )
    parser.add_argument(
        "--procs",
        type=int,
        default=1,
        help="proxy processes sharing the listening port (SO_REUSEPORT, Linux); each records on its own",
    )
    parser.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="log only warnings and errors")


def _host_port(value: str, flag: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit() or not host:
        raise InputError(f"{flag} must be HOST:PORT, got {value!r}")
    return host, int(port)


def mitm_options(args: argparse.Namespace) -> dict:
    if not args.mode and not args.upstream:
        raise InputError("give --upstream URL (reverse proxy) or --mode")
    upstream = args.upstream
    if upstream and is_grpc_url(upstream):
        target = parse_grpc_target(upstream, "--upstream")
        if not args.proto:
            raise InputError("--upstream grpc://... needs --proto PROTO_ROOT (the service's .proto files)")
        if args.spec:
            raise InputError("--spec is for HTTP services; a gRPC service is described by --proto")
        upstream = f"{'https' if target.secure else 'http'}://{target.netloc}"
    elif args.proto:
        raise InputError("--proto needs a gRPC --upstream: grpc://HOST:PORT or grpcs://HOST:PORT")
    if upstream and not upstream.startswith(("http://", "https://")):
        raise InputError(f"--upstream must be an http(s) or grpc(s) URL, got {upstream!r}")
    if not 0.0 <= args.sample <= 1.0:
        raise InputError("--sample must be between 0 and 1")
    if args.procs < 1:
        raise InputError("--procs must be 1 or more")
    from apilint.proxy.writer_pool import check_workers  # heavy: not on every command's start-up

    if (refused := check_workers(args.workers, args.procs)) is not None:
        raise InputError(refused)
    if args.enforce and not (args.spec or args.proto):
        raise InputError("--enforce needs --spec (or --proto for a gRPC service)")
    host, port = _host_port(args.listen, "--listen")
    if args.metrics:
        _host_port(args.metrics, "--metrics")
    return {
        "mode": [args.mode or f"reverse:{upstream}"],
        "listen_host": host,
        "listen_port": port,
        "apilint_out": args.out,
        "apilint_spec": os.path.abspath(args.spec) if args.spec else "",
        "apilint_proto": os.path.abspath(args.proto) if args.proto else "",
        "apilint_enforce": args.enforce,
        "apilint_sample": args.sample,
        "apilint_include": ",".join(args.include),
        "apilint_exclude": ",".join(args.exclude),
        "apilint_metrics": args.metrics or "",
        "apilint_queue": args.queue,
        "apilint_workers": args.workers,
        "apilint_writer_priority": args.writer_priority,
        "apilint_redact": ",".join(args.redact),
        "apilint_rotate_mb": args.rotate_mb,
        "apilint_rotate_s": args.rotate_s,
        "connection_strategy": "lazy",
        "termlog_verbosity": "warn" if args.quiet else "info",
    }


def _require_mitmproxy() -> None:
    """The proxy extra is optional: say which install fixes its absence, before any other work."""
    try:
        import mitmproxy.tools.dump  # noqa: F401
    except ImportError as exc:
        raise InputError(f"the proxy needs mitmproxy: pip install 'apilint[proxy]' ({exc.name} missing)") from None
    if importlib.util.find_spec("prometheus_client") is None:  # not imported: see apilint.proxy.prom
        raise InputError("the proxy needs prometheus_client: pip install 'apilint[proxy]'")


def _say(args: argparse.Namespace, line: str) -> None:
    if not args.quiet:
        print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    opts_dict = mitm_options(args)
    _require_mitmproxy()
    if args.spec:  # fail early with one line, before any port is opened
        from apilint.proxy.spec import load_spec
        from apilint.proxy.validation import SpecValidator

        started = time.monotonic()
        # said only when loading is slow (GitHub's spec: ~10 s), so a bad spec still gets exactly one line
        shown = shown_path(args.spec)
        slow = threading.Timer(1.0, _say, (args, f"apilint proxy: loading {shown}; nothing listens until it "
                                                 "is read and checked"))
        slow.start()
        try:
            SpecValidator(load_spec(args.spec), args.spec)
        finally:
            slow.cancel()
        _say(args, f"apilint proxy: {shown} read and checked in {time.monotonic() - started:.1f} s")
    if args.proto:  # one line and exit 2 for protos that do not compile, before any port is opened
        from apilint.grpc.descriptors import Services

        Services.compile(args.proto)
    from apilint.proxy.server import serve_forever

    if args.procs == 1:
        return serve_forever(opts_dict, GRACE_S, reuse_port=args.reuse_port)
    from apilint.proxy.procs import run_procs

    return run_procs(args.procs, opts_dict, GRACE_S)
