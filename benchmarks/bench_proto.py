#!/usr/bin/env python3
"""Time `apilint check` on the shared proto corpus (import root: the corpus folder) beside
`buf lint` (STANDARD rules) and protolint (default rules) on the same tree.

Two trees are measured: the whole tree, and the tree without google/cloud/compute/v1/compute.proto
(4 MB, ~100k lines), on which protolint 0.58 does not finish within minutes; the second tree gives
a three-way comparison. Prints medians and ratios peer/apilint; writes JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import benchlib as bl

SLOW_FOR_PROTOLINT = "google/cloud/compute/v1/compute.proto"
TOOLS = ("apilint", "apilint-cached", "buf", "protolint")
BUF_CONFIG = json.dumps({"version": "v2", "lint": {"use": ["STANDARD"]}})


def tool_command(tool: str, root: Path, files: list[str] | None, apilint: bl.Apilint) -> list[str] | None:
    """Command linting ``root`` (whole tree) or only ``files`` (paths relative to ``root``)."""
    if tool.startswith("apilint"):
        cmd = [*apilint.argv, "check", "--format", "json", "-I", str(root)]
        if tool == "apilint":
            cmd.append("--no-cache")
        return cmd + ([str(root / f) for f in files] if files is not None else [str(root)])
    if tool == "buf":
        exe = bl.node_tool("buf")
        if exe is None:
            return None
        cmd = [str(exe), "lint", str(root), "--config", BUF_CONFIG, "--error-format", "json"]
        if files is not None:
            for excluded in sorted(set(all_protos(root)) - set(files)):
                cmd += ["--exclude-path", str(root / excluded)]
        return cmd
    if tool == "protolint":
        exe = bl.protolint_tool()
        if exe is None:
            return None
        return [str(exe), "lint", "-reporter", "json"] + ([str(root / f) for f in files] if files is not None
                                                           else [str(root)])
    raise ValueError(tool)


def all_protos(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.proto"))


def bench(tool: str, cmd: list[str], apilint: bl.Apilint, runs: int, timeout: float) -> dict[str, Any]:
    results = []
    with tempfile.TemporaryDirectory(prefix="apilint-bench-proto-") as scratch:
        extra = dict(apilint.env) if tool.startswith("apilint") else {}
        # buf keeps a module cache; point it at a scratch folder so every tool starts equally cold.
        extra["BUF_CACHE_DIR"] = os.path.join(scratch, "buf")
        if tool == "apilint-cached":
            extra["APILINT_CACHE_DIR"] = os.path.join(scratch, "apilint")
            bl.measure(cmd, timeout=timeout, env=bl.child_env(extra), keep_output=False)  # prime
        for _ in range(runs):
            if tool == "apilint":
                extra["APILINT_CACHE_DIR"] = tempfile.mkdtemp(dir=scratch)
            run = bl.measure(cmd, timeout=timeout, env=bl.child_env(extra), keep_output=False)
            results.append(run)
            print(f"    {tool:15} {run.wall_s:8.2f} s {run.peak_rss_mb:8.0f} MB  exit {run.exit_code}"
                  + ("  TIMEOUT" if run.timed_out else "")
                  + (f"  {bl.first_line(run.stderr)}"
                     if tool.startswith("apilint") and run.crashed() and not run.timed_out else ""),
                  file=sys.stderr, flush=True)
            if run.timed_out:
                break
    return {"tool": tool, "command": cmd[:8] + (["..."] if len(cmd) > 8 else []),
            "runs": [r.summary() for r in results],
            "median_wall_s": bl.median([r.wall_s for r in results]),
            "median_peak_rss_mb": bl.median([r.peak_rss_mb for r in results]),
            "exit_codes": sorted({r.exit_code for r in results}),
            "timed_out": any(r.timed_out for r in results)}


def print_rows(title: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    base = next((r for r in rows if r["tool"] == "apilint" and "runs" in r), None)
    out = []
    for row in rows:
        if "runs" not in row:
            out.append([row["tool"], "-", "-", "-", "-", "-", row["skipped"]])
            continue
        wall = row["median_wall_s"]
        note = f"TIMEOUT after {wall:.0f} s (ratio is a lower bound)" if row["timed_out"] else ""
        out.append([row["tool"], f"{wall:.2f}", f"{row['median_peak_rss_mb']:.0f}",
                    ",".join(map(str, row["exit_codes"])),
                    f"{wall / base['median_wall_s']:.2f}x" if base else "-",
                    f"{row['median_peak_rss_mb'] / base['median_peak_rss_mb']:.2f}x" if base else "-", note])
    print(bl.table(["tool", "median s", "peak RSS MB", "exit", "time/apilint", "RSS/apilint", "note"], out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bl.add_apilint_option(parser)
    parser.add_argument("-n", "--runs", type=int, default=3, help="timed runs per tool (default 3)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per run before it is killed (default 180)")
    parser.add_argument("--tool", action="append", dest="tools", choices=TOOLS, help="only this tool (repeatable)")
    parser.add_argument("--tree", choices=("full", "without-compute", "both"), default="both",
                        help="which tree(s) to measure (default both)")
    parser.add_argument("--root", type=Path, default=bl.default_corpus() / "proto", help="proto tree and import root")
    parser.add_argument("--output", help="JSON results file (default benchmarks/results/proto-<time>.json)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    root = bl.require(args.root.resolve(), "proto corpus")
    apilint = bl.resolve_apilint(args.apilint)
    tools = args.tools or list(TOOLS)
    protos = all_protos(root)
    trees: dict[str, list[str] | None] = {}
    if args.tree in ("full", "both"):
        trees["full"] = None
    if args.tree in ("without-compute", "both"):
        trees["without-compute"] = [p for p in protos if p != SLOW_FOR_PROTOLINT]
    versions = bl.tool_versions(apilint)
    print(f"apilint: {apilint.describe()}; runs per tool: {args.runs}; timeout {args.timeout:.0f} s")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    report: dict[str, Any] = {"versions": versions, "root": str(root), "runs": args.runs, "trees": {}}
    for name, files in trees.items():
        count = len(protos) if files is None else len(files)
        print(f"  tree {name} ({count} .proto files) ...", file=sys.stderr, flush=True)
        rows = []
        for tool in tools:
            cmd = tool_command(tool, root, files, apilint)
            rows.append({"tool": tool, "skipped": "not installed (run benchmarks/install_peers.sh)"} if cmd is None
                        else bench(tool, cmd, apilint, args.runs, args.timeout))
        report["trees"][name] = {"files": count, "tools": rows}
        label = "whole tree" if files is None else f"tree without {SLOW_FOR_PROTOLINT}"
        print_rows(f"{label}: {root} ({count} .proto files)", rows)
    path = bl.write_results("proto", report, args.output)
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
