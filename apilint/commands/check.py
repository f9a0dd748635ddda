"""`apilint check`: lint specs for API design anti-patterns."""

from __future__ import annotations

import argparse
import os
import sys

HELP = "Lint OpenAPI documents and .proto files for API design anti-patterns."
MAX_JOBS = 1024


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if not 0 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"expected a number of processes from 1 to {MAX_JOBS}, not {value[:30]!r}")
    return jobs


def configure(parser: argparse.ArgumentParser) -> None:
    from apilint.report import FORMATS

    parser.add_argument("paths", nargs="+", metavar="PATH", help="spec files or folders")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "hint"),
                        help="lowest severity that makes the exit code 1 (default: from config, else error)")
    parser.add_argument("-c", "--config", metavar="FILE", help="apilint.yaml or pyproject.toml to use")
    parser.add_argument("--preset", choices=("minimal", "recommended", "strict"),
                        help="rule preset (overrides the config's `extends`)")
    parser.add_argument("--rule", action="append", default=[], metavar="ID", help="run only this rule (repeatable)")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    parser.add_argument("--write-baseline", metavar="FILE", help="record current findings as the baseline")
    parser.add_argument("-j", "--jobs", type=_jobs, default=0,
                        help=f"parallel processes, 1 to {MAX_JOBS} (default: one per core; never more than "
                             "the specs, nor 4 per core)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    parser.add_argument("--root", metavar="DIR", help="folder $refs may not leave (default: the spec's folder)")
    parser.add_argument("--allow-outside-refs", action="store_true", help="let $refs leave the root folder")
    parser.add_argument("--allow-remote-refs", action="store_true", help="allow http(s) $refs")
    parser.add_argument("-I", "--proto-path", action="append", default=[], metavar="DIR",
                        help="extra import root for .proto files (repeatable)")


def run(args: argparse.Namespace) -> int:
    from apilint.engine.baseline import filter_new, read_baseline, write_baseline
    from apilint.engine.config import find_config, load_config
    from apilint.engine.discover import discover
    from apilint.engine.report import lint_report
    from apilint.engine.rule import SEVERITY_RANK
    from apilint.engine.runner import LintOptions, lint_targets, worker_count
    from apilint.engine.selection import check_rule_ids
    from apilint.errors import InputError, shown_path
    from apilint.outfile import refuse_inputs
    from apilint.report import write
    from apilint.report.plain import printable

    if not args.output and sys.stdout is None:  # before any work, not after it
        raise InputError("standard output is closed: use -o FILE to write the report")
    config = load_config(args.config or find_config(os.getcwd()))
    if args.preset:
        config.preset = args.preset
    check_rule_ids(args.rule, custom=config.custom_rule_ids())
    for note in dict.fromkeys(note for ruleset in config.rulesets for note in ruleset.notes):
        print(f"apilint: {note}", file=sys.stderr)
    options = LintOptions(config=config, allow_remote_refs=args.allow_remote_refs,
                          allow_outside_refs=args.allow_outside_refs, root_dir=args.root,
                          proto_paths=(*args.proto_path, *config.proto_roots), use_cache=not args.no_cache,
                          only_rules=tuple(args.rule))
    targets = discover(args.paths)
    outputs = [(args.output, "report"), (args.write_baseline, "baseline")]
    for output, what in outputs:
        if output:
            refuse_inputs(output, [*args.paths, *targets], what)
    jobs = worker_count(args.jobs, len(targets))
    results = lint_targets(targets, options, jobs=jobs, progress=len(targets) > 3 and sys.stderr.isatty())
    for output, what in outputs:  # a $ref'd file is an input too
        if output:
            refuse_inputs(output, [f for r in results for f in r.files], what)
    if args.write_baseline:
        recorded = [f for r in results for f in r.findings]
        write_baseline(args.write_baseline, recorded)
        print(f"apilint: recorded {len(recorded)} finding(s) in {shown_path(args.write_baseline)}", file=sys.stderr)
    if args.baseline:
        known = read_baseline(args.baseline)
        for result in results:
            result.findings = filter_new(result.findings, known)
    write(lint_report(results), args.format, args.output)
    errors = [r.error for r in results if r.error]
    for error in errors:
        print(f"apilint: {printable(error)}", file=sys.stderr)
    if errors:
        return 2
    if args.write_baseline:
        return 0  # recording today's findings is what was asked: a success
    threshold = SEVERITY_RANK[args.fail_on or config.fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings)
    return 1 if failing else 0

