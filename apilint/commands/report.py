"""`apilint report merge FILE...`: join the JSON outputs of sharded replay or fuzz runs into one report."""

from __future__ import annotations

import argparse
import json

from apilint.errors import InputError, shown_path
from apilint.report import CASE_FORMATS

HELP = "Merge JSON reports of sharded replay/fuzz runs into one report (`apilint report merge`)."


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = sub.add_parser("merge", help="join shard results (the JSON of replay/fuzz --format json)")
    merge.add_argument("files", nargs="+", metavar="FILE")
    merge.add_argument("-f", "--format", choices=CASE_FORMATS, default="text")


def run(args: argparse.Namespace) -> int:
    from apilint.replay.report import report, write_run

    results: list[dict] = []
    skipped: list[str] = []
    tools = set()
    seen: set[str] = set()
    for file in args.files:
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise InputError(exc.strerror or "cannot read", shown_path(file)) from None
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", shown_path(file), exc.lineno, exc.colno) from None
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise InputError("not an apilint replay/fuzz JSON report (no 'results')", shown_path(file), 1, 1)
        tools.add(data.get("tool", "replay"))
        skipped += data.get("skipped") or []
        for result in data["results"]:
            if not isinstance(result, dict) or "outcome" not in result:
                raise InputError("a result without an 'outcome'", shown_path(file))
            key = str(result.get("id"))
            if key in seen:  # the same shard given twice must not double-count
                continue
            seen.add(key)
            results.append(result)
    merged = report(results, "+".join(sorted(tools)), skipped=skipped, merged_from=len(args.files))
    return write_run(merged, args.format)
