"""`apilint mock SOURCE...`: serve recorded contracts (or recordings) as a mock of the real service."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from apilint.errors import InputError

if TYPE_CHECKING:
    from apilint.mock.app import MockApp
    from apilint.mock.spec_gate import SpecGate

HELP = "Serve contracts or recordings as a mock server for consumer tests (misses explained, journal at exit)."
DEFAULT_LISTEN = "127.0.0.1:4010"  # Prism's default port: a consumer moving from Prism keeps its base URL


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="contract folder (*.yaml), recording folder (*.jsonl) or one such file; none with "
                             "--spec: mock from the spec alone")
    parser.add_argument("--listen", default=DEFAULT_LISTEN, help="HOST:PORT to listen on (default %(default)s)")
    parser.add_argument("--spec", metavar="SPEC",
                        help="OpenAPI 3.x or Swagger 2.0 spec: requests it refuses get 400 problem+json, contract "
                             "responses it does not allow are reported at startup; alone, the mock answers from it")
    parser.add_argument("--on-miss", choices=("fail", "proxy", "spec"), default="fail",
                        help="a request no interaction matches: fail (598 problem+json, default), proxy "
                             "(forward to --upstream) or spec (answer from --spec)")
    parser.add_argument("--upstream", help="with --on-miss proxy: the real service, e.g. http://127.0.0.1:8000")
    parser.add_argument("--record-to", metavar="DIR", help="with --on-miss proxy: record forwarded exchanges here "
                                                           "(redacted as the proxy does)")
    parser.add_argument("--procs", type=int, default=1,
                        help="mock processes sharing the port (SO_REUSEPORT, Linux); state is per process")
    parser.add_argument("--latency", metavar="MS[-MS]", help="delay every answer by MS milliseconds (or a uniform "
                                                              "MIN-MAX)")
    parser.add_argument("--fault", choices=("reset", "timeout", "500"),
                        help="inject a fault into answers: reset the connection, never answer, or answer 500")
    parser.add_argument("--fault-rate", type=float, help="share of answers that get --fault (default 1)")
    parser.add_argument("--journal", metavar="FILE", help="write the journal (used, unused, misses) as JSON at exit")
    parser.add_argument("--verify-used", action="store_true",
                        help="exit 1 also when an interaction was never used")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--proto", metavar="PROTO_ROOT",
                        help="serve gRPC contracts or recordings over h2c, messages decoded with these protos "
                             "(a .proto file or folder)")
    parser.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)


def host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise InputError(f"--listen must be HOST:PORT, got {value!r}")
    return host.strip("[]"), int(port)


def _require_httptools() -> None:
    try:
        import httptools  # noqa: F401
    except ImportError:
        raise InputError("apilint mock needs httptools (a dependency of apilint): pip install 'httptools>=0.6'") \
            from None


def _spec_gate(args: argparse.Namespace) -> SpecGate | None:
    if not args.sources and not args.spec:
        raise InputError("give a SOURCE (contracts or recordings) or --spec SPEC")
    if not args.spec:
        return None
    from apilint.mock.spec_gate import SpecGate
    from apilint.mock.spec_side import SpecSide

    return SpecGate(SpecSide(args.spec), spec_only=not args.sources)


def _report_stale(spec: SpecGate, app: MockApp, spec_path: str) -> None:
    """One stderr line per contract response the spec does not allow; they are still served (the
    recording is what the service did: the spec may be the stale side), never silently."""
    lines = spec.spec.stale([route.interaction for route in app.router.routes])
    for line in lines:
        print(f"apilint mock: stale: {line}", file=sys.stderr)
    if lines:
        print(f"apilint mock: {len(lines)} contract response(s) {spec_path} does not allow; served as recorded",
              file=sys.stderr, flush=True)


def _refuse_grpc(app: MockApp) -> None:
    grpc = next((r.interaction for r in app.router.routes if r.interaction.grpc is not None), None)
    if grpc is not None:
        raise InputError(f"interaction {grpc.name!r} is a gRPC call: serve gRPC interactions with "
                         "--proto PROTO_ROOT", grpc.source)


def run(args: argparse.Namespace) -> int:
    if args.proto:
        from apilint.mock.grpc_run import run_grpc

        return run_grpc(args, *host_port(args.listen))
    _require_httptools()
    from apilint.mock.app import fail
    from apilint.mock.build import build_app
    from apilint.mock.faults import parse_fault, parse_latency
    from apilint.mock.run import EXIT_BAD, exit_code, serve_mock, write_journal

    host, port = host_port(args.listen)
    if args.procs < 1:
        raise InputError("--procs must be 1 or more")
    if args.procs > 1 and port == 0:
        raise InputError("--procs needs a fixed port in --listen (processes share it)")
    latency = parse_latency(args.latency)
    fault = parse_fault(args.fault, args.fault_rate)
    on_miss = fail
    upstream = None
    spec = _spec_gate(args)
    if args.on_miss == "spec":
        if spec is None:
            raise InputError("--on-miss spec needs --spec SPEC")
        on_miss = spec.on_miss
    if args.on_miss == "proxy":
        from apilint.mock.upstream import Upstream

        upstream = Upstream.from_options(args.upstream, args.record_to)
        on_miss = upstream.forward
    elif args.upstream or args.record_to:
        raise InputError("--upstream and --record-to go with --on-miss proxy")
    skipped: list[str] = []
    app = build_app(args.sources, skipped, on_miss, latency, fault, args.procs > 1 or args.reuse_port, spec)
    _refuse_grpc(app)
    if skipped and not args.quiet:
        print(f"apilint mock: {len(skipped)} recorded line(s) skipped; first: {skipped[0]}", file=sys.stderr)
    count = len(app.router.routes)
    if spec is not None and count and not args.quiet:
        _report_stale(spec, app, args.spec)
    served = f"{count} interactions from {', '.join(args.sources)}" if args.sources else f"the spec {args.spec}"

    def announce(url: str) -> None:
        if not args.quiet:
            print(f"apilint mock: {served}; listening at {url}", file=sys.stderr, flush=True)

    try:
        if args.procs > 1:
            from apilint.mock.procs import run_procs

            code, journal = run_procs(args.procs, app, host, port, announce)
        else:
            code = serve_mock(app, host, port, args.reuse_port, announce)
            journal = app.journal.to_dict()
    finally:
        if upstream is not None:
            upstream.close()
    if code:
        return code
    if not write_journal(journal, args.journal, args.quiet):
        return EXIT_BAD
    return exit_code(journal, args.verify_used)
