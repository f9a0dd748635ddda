"""`apilint traffic report RECORDINGS... --spec SPEC`: coverage, drift and a spec patch from recorded traffic."""

from __future__ import annotations

import argparse

HELP = "What recorded traffic says about a spec: coverage, drift, and a JSON Patch that documents it."
FORMATS = ("text", "json", "markdown", "html", "sarif")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="traffic_command", metavar="ACTION", required=True)
    report = sub.add_parser("report", help="coverage and drift of a spec in recorded traffic",
                            description="Coverage and drift of a spec in recorded traffic (docs/traffic.md). "
                                        "Exit 1 when traffic drifted from the spec.")
    report.add_argument("recordings", nargs="+", metavar="RECORDINGS",
                        help="recording folders (what apilint proxy writes), or files the recording reader imports")
    report.add_argument("--spec", required=True, help="the OpenAPI document, or .proto file or folder, to compare with")
    report.add_argument("-f", "--format", choices=FORMATS, default="text")
    report.add_argument("-o", "--output", help="write the report here instead of stdout")
    report.add_argument("--patch", metavar="FILE",
                        help="also write an RFC 6902 JSON Patch that makes the spec describe the traffic "
                             "(for review: never applied)")


def run(args: argparse.Namespace) -> int:
    import json

    from apilint.outfile import refuse_inputs, write_stdout, write_text
    from apilint.traffic.render import render
    from apilint.traffic.report import aggregate, document

    for output, what in ((args.output, "report"), (args.patch, "patch")):
        if output:
            refuse_inputs(output, [args.spec], what)
    agg, problems = aggregate(args.recordings, args.spec)
    doc = document(agg, args.recordings, problems)
    if args.patch:
        from apilint.traffic.patch import build_patch

        operations, notes = build_patch(agg)
        write_text(args.patch, json.dumps(operations, indent=2, ensure_ascii=False) + "\n", "patch")
        doc["notes"].extend(notes)
        doc["patch"] = {"file": args.patch, "operations": len(operations)}
    text = render(doc, args.format)
    if args.output:
        write_text(args.output, text, "report")
    else:
        write_stdout(text)
    return 1 if doc["summary"]["drift"] else 0
