"""`apilint contracts build`: turn recorded traffic into contract files."""

from __future__ import annotations

import argparse
import sys

from apilint.errors import InputError, shown_path

HELP = "Build contract files from recorded traffic (apilint proxy recordings, HAR files, mitmproxy flows)."


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    build = sub.add_parser("build", help="group, dedupe and generalise recorded exchanges into contracts")
    build.add_argument("folder", metavar="RECORDINGS", help="recording folder written by apilint proxy, or one "
                       "segment, HAR file (*.har) or mitmproxy flow dump (mitmdump -w)")
    build.add_argument("-o", "--out", help="contract folder to write, e.g. recordings/NAME (required for yaml); "
                                           "with --format pact a file, or a folder for CONSUMER-PROVIDER.json")
    build.add_argument("--spec", help="OpenAPI 3.x or Swagger 2.0 spec whose path templates name the operations")
    build.add_argument("--format", choices=("yaml", "pact"), default="yaml",
                       help="yaml: apilint contract files (default); pact: one Pact V4 file")
    build.add_argument("--consumer", help="the consumer's name in the pact (--format pact)")
    build.add_argument("--provider", help="the provider's name in the pact (--format pact)")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "action", None) != "build":
        raise InputError("usage: apilint contracts build DIR --out recordings/NAME [--spec SPEC]")
    if args.format == "pact" and not (args.consumer and args.provider):
        raise InputError("--format pact needs --consumer NAME and --provider NAME")
    if args.format == "yaml" and not args.out:
        raise InputError("usage: apilint contracts build DIR --out recordings/NAME [--spec SPEC]")
    from apilint.contract.build import build_contracts

    validator = None
    if args.spec:
        from apilint.proxy.spec import load_spec
        from apilint.proxy.validation import SpecValidator

        validator = SpecValidator(load_spec(args.spec), args.spec)
    if args.format == "pact":
        from apilint.pact.writer import write_pact

        written, result = write_pact(args.folder, args.out, args.consumer, args.provider, validator)
    else:
        written, result = shown_path(args.out), build_contracts(args.folder, args.out, validator)
    if result.records == 0:
        raise InputError(f"no recorded exchanges found ({result.skipped} unreadable lines)",
                         shown_path(args.folder))
    if result.grpc_left_out:
        print(f"apilint: note: {result.grpc_left_out} gRPC interactions left out of the pact (Pact holds gRPC only "
              "through its protobuf plugin); build YAML contracts for them (--format yaml)", file=sys.stderr)
    if result.invalid:
        print(f"apilint: warning: skipped {len(result.invalid)} records of the wrong shape, e.g. {result.invalid[0]}",
              file=sys.stderr)
    print(
        f"apilint: {result.records} exchanges ({result.duplicates} duplicates, {result.skipped} unreadable "
        f"lines skipped) -> {result.interactions} interactions in "
        + (f"the pact {shown_path(written)}" if args.format == "pact"
           else f"{len(result.files)} contract files under {written}")
    )
    return 0
