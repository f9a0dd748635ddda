"""``apilint mock SOURCE --proto PROTO_ROOT``: gRPC contracts or recordings served over h2c until
SIGTERM/SIGINT, then the journal and the exit code as the HTTP mock gives them (docs/mock.md, "gRPC")."""

from __future__ import annotations

import argparse
import sys

from apilint.errors import InputError
from apilint.grpc.descriptors import Services
from apilint.mock.faults import parse_fault, parse_latency
from apilint.mock.grpc_app import GrpcMock
from apilint.mock.grpc_server import serve_grpc
from apilint.mock.run import EXIT_BAD, exit_code, write_journal
from apilint.mock.source import load_sources


def _refuse_http_options(args: argparse.Namespace) -> None:
    for given, option in ((args.spec, "--spec"), (args.on_miss != "fail", "--on-miss"),
                          (args.upstream, "--upstream"), (args.record_to, "--record-to"),
                          (args.procs != 1 or args.reuse_port, "--procs")):
        if given:
            raise InputError(f"{option} does not apply to a gRPC mock (--proto)")
    if not args.sources:
        raise InputError("--proto: give a SOURCE (gRPC contracts or recordings) to serve")


def run_grpc(args: argparse.Namespace, host: str, port: int) -> int:
    _refuse_http_options(args)
    latency, fault = parse_latency(args.latency), parse_fault(args.fault, args.fault_rate)
    services = Services.compile(args.proto)
    skipped: list[str] = []
    interactions = load_sources(args.sources, skipped)
    http = next((it for it in interactions if it.grpc is None), None)
    if http is not None:
        raise InputError(f"interaction {http.name!r} is HTTP: a gRPC mock (--proto) serves gRPC interactions only; "
                         "serve the HTTP ones with a second apilint mock", http.source)
    mock = GrpcMock(interactions, services, latency, fault, skipped)
    if skipped and not args.quiet:
        print(f"apilint mock: {len(skipped)} recorded line(s) skipped; first: {skipped[0]}", file=sys.stderr)

    def announce(url: str) -> None:
        if not args.quiet:
            print(f"apilint mock: {len(mock.routes)} gRPC interactions from {', '.join(args.sources)}; "
                  f"listening at {url}", file=sys.stderr, flush=True)

    code = serve_grpc(mock, host, port, announce)
    if code:
        return code
    journal = mock.journal.to_dict()
    if not write_journal(journal, args.journal, args.quiet):
        return EXIT_BAD
    return exit_code(journal, args.verify_used)
