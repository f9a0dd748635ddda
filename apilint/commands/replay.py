"""`apilint replay DIR --target URL`: replay recordings or contracts against a build, classify differences."""

from __future__ import annotations

import argparse
import os
import re

from apilint.errors import InputError
from apilint.report import CASE_FORMATS
from apilint.target import is_grpc_url, parse_grpc_target, parse_target, positive_seconds

HELP = "Replay recorded traffic or contracts against a running build and report breaking differences."
ENV_PREFIX = "APILINT_HEADER_"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="DIR", help="recording folder (*.jsonl) or contract folder (*.yaml)")
    parser.add_argument("--target", required=True,
                        help="base URL of the build under test; grpc://HOST:PORT (or grpcs://) for gRPC calls")
    parser.add_argument("--proto", metavar="PROTO_ROOT",
                        help="the .proto file or folder that encodes the messages of gRPC calls (grpc:// targets)")
    parser.add_argument("--spec", help="also check every response against this OpenAPI spec")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight (default 16)")
    parser.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help=f"set a header (gRPC: metadata) on every request, e.g. a credential the recording "
                             f"redacted; "
                             f"also read from env {ENV_PREFIX}<NAME> (dashes as underscores)")
    parser.add_argument("--data", action="append", default=[], metavar="NAME=VALUE",
                        help="the value to send for a redacted request field or parameter NAME (else one of its "
                             "shape is generated); also read from env APILINT_DATA_<NAME>")
    parser.add_argument("--shard", help="i/n: replay only this deterministic share (CI matrices)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request, above 0 (default 30)")
    parser.add_argument("--provider-states-url", metavar="URL",
                        help="POST {state, params, action: setup|teardown} here around each interaction that "
                             "names provider states (as Pact verifiers do); its JSON answer fills their variables. "
                             "Only on the --target's host or loopback, unless --allow-states-host")
    parser.add_argument("--allow-states-host", action="store_true",
                        help="let --provider-states-url name a host other than the --target's host or loopback")
    parser.add_argument("-f", "--format", choices=CASE_FORMATS, default="text")
    parser.add_argument("-o", "--output", help="write the report here instead of stdout")


def parse_headers(values: list[str], environ: dict[str, str]) -> dict[str, str]:
    headers = {k[len(ENV_PREFIX):].replace("_", "-").lower(): v
               for k, v in environ.items() if k.startswith(ENV_PREFIX) and len(k) > len(ENV_PREFIX)}
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not name.strip():
            raise InputError(f"--header {value!r}: expected 'Name: value'")
        headers[name.strip().lower()] = rest.strip()
    return headers


def parse_shard(value: str | None) -> tuple[int, int]:
    if value is None:
        return 1, 1
    match = re.fullmatch(r"(\d+)/(\d+)", value)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise InputError(f"--shard {value!r}: expected i/n with 1 <= i <= n")
    return int(match.group(1)), int(match.group(2))


def run(args: argparse.Namespace) -> int:
    from apilint.replay.api import replay
    from apilint.replay.engine import Progress
    from apilint.replay.redacted import parse_data
    from apilint.replay.report import report, write_run

    if is_grpc_url(args.target):
        target = parse_grpc_target(args.target)
        if args.spec:
            raise InputError("--spec checks HTTP responses against OpenAPI; a grpc:// target has --proto")
    else:
        target = parse_target(args.target)
        if args.proto:
            raise InputError("--proto is for gRPC calls: give a grpc://HOST:PORT --target")
    if args.concurrency < 1:
        raise InputError("--concurrency must be at least 1")
    positive_seconds(args.timeout, "--timeout")
    if args.provider_states_url:
        from apilint.replay.states import check_hook_host

        check_hook_host(args.provider_states_url, target, args.allow_states_host)
    index, count = parse_shard(args.shard)
    headers = parse_headers(args.header, dict(os.environ))
    data = parse_data(args.data, dict(os.environ))
    results, skipped = replay(args.source, args.target, concurrency=args.concurrency, headers=headers,
                              spec=args.spec, shard_of=(index, count), timeout=args.timeout, progress=Progress(),
                              data=data, provider_states_url=args.provider_states_url,
                              allow_states_host=args.allow_states_host, proto=args.proto)
    data = report([r.to_dict() for r in results], "replay", shard=f"{index}/{count}", skipped=skipped)
    return write_run(data, args.format, args.output)
