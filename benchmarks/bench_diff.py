#!/usr/bin/env python3
"""Time `apilint diff OLD NEW --format json` on two published versions of GitHub's REST description
(`octokit-openapi-old` = @octokit/openapi 22.0.0, and @octokit/openapi 23.0.2; issue 8's target is
under 5 s). No diff peer installs here (npm `oasdiff` is a placeholder, `@pb33f/openapi-changes`
downloads its binary at install time), so only apilint is timed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import benchlib as bl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bl.add_apilint_option(parser)
    parser.add_argument("-n", "--runs", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per run (default 120)")
    parser.add_argument("--output", help="JSON results file (default benchmarks/results/diff-<time>.json)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    old = bl.require(bl.GITHUB_SPEC_OLD, "older GitHub description")
    new = bl.require(bl.GITHUB_SPEC, "GitHub description")
    apilint = bl.resolve_apilint(args.apilint)
    cmd = [*apilint.argv, "diff", str(old), str(new), "--format", "json"]
    print(f"apilint: {apilint.describe()}; {old} -> {new}")
    runs = []
    for _ in range(args.runs):
        run = bl.measure(cmd, timeout=args.timeout, env=bl.child_env(apilint.env))
        runs.append(run)
        print(f"    apilint diff {run.wall_s:8.2f} s {run.peak_rss_mb:8.0f} MB  exit {run.exit_code}"
              + (f"  {bl.first_line(run.stderr)}" if run.exit_code not in (0, 1) or run.crashed() else ""),
              file=sys.stderr, flush=True)
        if run.timed_out:
            break
    summary: dict[str, Any] = {}
    try:
        report = json.loads(runs[-1].stdout)
        changes = report.get("changes", [])
        levels: dict[str, int] = {}
        for change in changes:
            levels[str(change.get("level"))] = levels.get(str(change.get("level")), 0) + 1
        summary = {"breaking": report.get("breaking"), "changes": len(changes), "levels": levels}
    except (ValueError, AttributeError):
        summary = {"unparsed_output": bl.first_line(runs[-1].stderr or runs[-1].stdout)}
    wall = bl.median([r.wall_s for r in runs])
    rss = bl.median([r.peak_rss_mb for r in runs])
    print(bl.table(["tool", "median s", "peak RSS MB", "exit", "note"],
                   [["apilint diff", f"{wall:.2f}", f"{rss:.0f}", ",".join(str(r.exit_code) for r in runs),
                     "TIMEOUT" if any(r.timed_out for r in runs) else ""],
                    ["oasdiff / openapi-changes", "-", "-", "-", "not installable from npm or PyPI here"]]))
    print(f"result: {summary}")
    ok = wall < 5 and all(r.exit_code in (0, 1) and not r.crashed() for r in runs)
    print(f"issue-8 target: [{'PASS' if ok else 'FAIL'}] diff of two GitHub descriptions under 5 s: {wall:.2f} s")
    path = bl.write_results("diff", {"versions": bl.tool_versions(apilint), "command": cmd,
                                     "runs": [r.summary() for r in runs], "median_wall_s": wall,
                                     "median_peak_rss_mb": rss, "summary": summary}, args.output)
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
