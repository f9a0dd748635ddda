"""`apilint fuzz SPEC --target URL`: property-based fuzzing (schemathesis + hypothesis) with apilint's checks;
`apilint fuzz --proto PROTO_ROOT --target grpc://HOST:PORT`: the same for a gRPC service (hypothesis)."""

from __future__ import annotations

import argparse
import os

from apilint.errors import InputError, shown_path
from apilint.report import CASE_FORMATS
from apilint.target import is_grpc_url, parse_grpc_target, parse_target, positive_seconds

HELP = ("Fuzz a running build from its OpenAPI spec, or a gRPC service from its protos, with apilint's semantic "
        "checks (needs the 'fuzz' extra).")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", nargs="?", help="OpenAPI spec of the build under test")
    parser.add_argument("--target", required=True, help="base URL of the build under test (grpc://HOST:PORT or "
                        "grpcs://HOST:PORT with --proto)")
    parser.add_argument("--proto", metavar="PROTO_ROOT", help="fuzz a gRPC service: its .proto file or folder")
    parser.add_argument("--rpc", action="append", default=[], metavar="NAME",
                        help="with --proto: fuzz only this RPC (Method, Service/Method or /pkg.Service/Method); "
                             "repeatable")
    parser.add_argument("--recordings", metavar="PATH", help="seed the fuzzer with these recorded requests (a "
                        "recording folder, or a segment, HAR file or mitmproxy flow dump)")
    parser.add_argument("--max-examples", type=int, default=50, help="generated cases per operation and mode")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (same seed, same cases)")
    parser.add_argument("--mode", choices=("all", "positive", "negative"), default="all",
                        help="valid inputs, invalid inputs, or both (default)")
    parser.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help="set a header on every request (credentials); also env APILINT_HEADER_<NAME>")
    parser.add_argument("--data", action="append", default=[], metavar="NAME=VALUE",
                        help="the value for a redacted field NAME in --recordings (else one of its shape is "
                             "generated); also env APILINT_DATA_<NAME>")
    parser.add_argument("--time-budget", type=float, default=600.0, help="stop starting new operations after "
                        "this many seconds (default 600); operations not started are reported as not run")
    parser.add_argument("-f", "--format", choices=CASE_FORMATS, default="text")
    parser.add_argument("-o", "--output", help="write the report here instead of stdout")


def run(args: argparse.Namespace) -> int:
    if args.proto or is_grpc_url(args.target):
        return _run_grpc(args)
    if not args.spec:
        raise InputError("apilint fuzz needs an OpenAPI SPEC, or --proto PROTO_ROOT with a grpc:// --target")
    if args.rpc:
        raise InputError("--rpc selects RPCs of --proto; for an OpenAPI spec it does not apply")
    try:
        from schemathesis import GenerationMode
    except ImportError:
        raise InputError("apilint fuzz needs schemathesis: pip install 'apilint[fuzz]'") from None
    from apilint.commands.replay import parse_headers
    from apilint.fuzz.report import fuzz_results
    from apilint.fuzz.runner import fuzz
    from apilint.recording.sources import recording_files
    from apilint.replay.redacted import Filler, parse_data
    from apilint.replay.report import report, write_run
    from apilint.replay.spec import SpecCheck

    target = parse_target(args.target)
    if args.max_examples < 1:
        raise InputError("--max-examples must be at least 1")
    positive_seconds(args.time_budget, "--time-budget")
    if args.recordings:
        recording_files(args.recordings)  # not a recording: one line now, before the fuzzer starts
    SpecCheck(args.spec)  # bad spec: one line with file and position, before schemathesis sees it
    headers = {k.title(): v for k, v in target.headers(parse_headers(args.header, dict(os.environ))).items()}
    filler = Filler(parse_data(args.data, dict(os.environ)))
    modes = {"all": (GenerationMode.POSITIVE, GenerationMode.NEGATIVE), "positive": (GenerationMode.POSITIVE,),
             "negative": (GenerationMode.NEGATIVE,)}[args.mode]
    target.check_reachable(10.0)
    try:
        outcome = fuzz(args.spec, target, headers=headers, max_examples=args.max_examples, seed=args.seed,
                       recordings=args.recordings, filler=filler, modes=modes, deadline_s=args.time_budget)
    except Exception as exc:  # schemathesis rejects a spec it cannot use: say so in one line
        if type(exc).__module__.startswith("schemathesis"):
            raise InputError(f"schemathesis cannot use this spec: {str(exc).splitlines()[0]}",
                             shown_path(args.spec)) from None
        raise
    data = report(fuzz_results(outcome), "fuzz", cases=outcome.cases, seeded=outcome.seeded, seed=args.seed,
                  notes=outcome.notes, skipped=outcome.skipped, not_run=outcome.not_run)
    return write_run(data, args.format, args.output)


def _run_grpc(args: argparse.Namespace) -> int:
    try:
        import hypothesis  # noqa: F401
    except ImportError:
        raise InputError("apilint fuzz needs hypothesis: pip install 'apilint[fuzz]'") from None
    from apilint.commands.replay import parse_headers
    from apilint.fuzz.grpc_checks import SECTIONS
    from apilint.fuzz.grpc_runner import INVALID, VALID, GrpcFuzz, select
    from apilint.fuzz.report import fuzz_results
    from apilint.grpc.descriptors import Services
    from apilint.replay.report import report, write_run

    if not args.proto:
        raise InputError(f"--target {args.target}: a gRPC target needs --proto PROTO_ROOT (the service's protos)")
    if args.spec:
        raise InputError(f"{args.spec}: give an OpenAPI SPEC or --proto, not both")
    for option, given in (("--recordings", args.recordings), ("--data", args.data)):
        if given:
            raise InputError(f"{option} is not supported for gRPC targets yet")
    target = parse_grpc_target(args.target)
    if args.max_examples < 1:
        raise InputError("--max-examples must be at least 1")
    positive_seconds(args.time_budget, "--time-budget")
    if not os.path.exists(args.proto):
        raise InputError("no such file or folder", shown_path(args.proto))
    methods = select(Services.compile(args.proto), args.rpc)
    metadata = list(parse_headers(args.header, dict(os.environ)).items())
    modes = {"all": (VALID, INVALID), "positive": (VALID,), "negative": (INVALID,)}[args.mode]
    target.check_reachable(10.0)
    fuzzer = GrpcFuzz(target, args.proto, metadata=metadata, max_examples=args.max_examples, seed=args.seed,
                      deadline_s=args.time_budget)
    outcome = fuzzer.fuzz(methods, modes)
    data = report(fuzz_results(outcome, SECTIONS), "fuzz", cases=outcome.cases, seed=args.seed, notes=outcome.notes,
                  not_run=outcome.not_run)
    return write_run(data, args.format, args.output)
