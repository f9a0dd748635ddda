"""`apilint fuzz SPEC --target URL`: property-based fuzzing (schemathesis + hypothesis) with apilint's checks."""

from __future__ import annotations

import argparse
import os
import re

from apilint.errors import InputError

HELP = "Fuzz a running build from its OpenAPI spec with apilint's semantic checks (needs the 'fuzz' extra)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="OpenAPI spec of the build under test")
    parser.add_argument("--target", required=True, help="base URL of the build under test")
    parser.add_argument("--recordings", metavar="DIR", help="seed the fuzzer with these recorded requests")
    parser.add_argument("--max-examples", type=int, default=50, help="generated cases per operation and mode")
    parser.add_argument("--seed", type=int, default=0, help="hypothesis seed (same seed, same cases)")
    parser.add_argument("--mode", choices=("all", "positive", "negative"), default="all",
                        help="valid inputs, invalid inputs, or both (default)")
    parser.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help="set a header on every request (credentials); also env APILINT_HEADER_<NAME>")
    parser.add_argument("--time-budget", type=float, default=600.0, help="stop starting new operations after "
                        "this many seconds (default 600)")
    parser.add_argument("-f", "--format", choices=("text", "json", "markdown", "junit"), default="text")
    parser.add_argument("-o", "--output", help="write the report here instead of stdout")


def run(args: argparse.Namespace) -> int:
    try:
        from schemathesis import GenerationMode
    except ImportError:
        raise InputError("apilint fuzz needs schemathesis: pip install 'apilint[fuzz]'") from None
    from apilint.commands.replay import parse_headers
    from apilint.fuzz.checks import SECTIONS
    from apilint.fuzz.runner import fuzz
    from apilint.fuzz.seeds import seed_cases
    from apilint.replay.render import render, report
    from apilint.replay.spec import SpecCheck

    if not re.match(r"^https?://[^/]+", args.target):
        raise InputError(f"--target {args.target!r}: expected an http(s) URL")
    if args.max_examples < 1:
        raise InputError("--max-examples must be at least 1")
    if args.recordings and not os.path.isdir(args.recordings):
        raise InputError("no such folder", args.recordings)
    SpecCheck(args.spec)  # bad spec: one line with file and position, before schemathesis sees it
    headers = {k.title(): v for k, v in parse_headers(args.header, dict(os.environ)).items()}
    modes = {"all": (GenerationMode.POSITIVE, GenerationMode.NEGATIVE), "positive": (GenerationMode.POSITIVE,),
             "negative": (GenerationMode.NEGATIVE,)}[args.mode]
    skipped: list[str] = []
    seeds = None
    if args.recordings:
        import schemathesis

        operations = [r.ok() for r in schemathesis.openapi.from_path(args.spec).get_all_operations()]
        seeds = seed_cases(args.recordings, operations, skipped)
    try:
        outcome = fuzz(args.spec, args.target, headers=headers, max_examples=args.max_examples, seed=args.seed,
                       seeds=seeds, modes=modes, deadline_s=args.time_budget)
    except Exception as exc:  # schemathesis rejects a spec it cannot use: say so in one line
        if type(exc).__module__.startswith("schemathesis"):
            raise InputError(f"schemathesis cannot use this spec: {str(exc).splitlines()[0]}", args.spec) from None
        raise
    results = []
    for operation, names in sorted(outcome.checked.items()):
        method, _, path = operation.partition(" ")
        for name in sorted(names):
            failure = outcome.failures.get((operation, name))
            result = {"id": f"{operation}::{name}", "name": name, "source": SECTIONS.get(name, "schemathesis"),
                      "method": method, "path": path, "outcome": "breaking" if failure else "pass",
                      "differences": [], "noise": 0}
            if failure:
                result["differences"] = [{"severity": "breaking", "kind": name, "where": operation,
                                          "message": failure.message, "expected": None, "actual": None}]
                result["curl"] = failure.curl
            results.append(result)
    for error in outcome.errors:
        results.append({"id": f"error::{error}", "name": "transport", "source": "", "method": "", "path": "",
                        "outcome": "breaking", "noise": 0, "differences": [
                            {"severity": "breaking", "kind": "transport_error", "where": "request",
                             "message": error, "expected": None, "actual": None}]})
    data = report(results, "fuzz", cases=outcome.cases, seeded=outcome.seeded, seed=args.seed, notes=outcome.notes,
                  skipped=skipped)
    text = render(data, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    return 1 if data["breaking"] else 0
