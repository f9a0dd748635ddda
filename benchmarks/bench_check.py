#!/usr/bin/env python3
"""Time `apilint check` (cold and cached) beside Redocly CLI (`recommended`) and Spectral
(`spectral:oas`) on GitHub's REST description and a few large corpus specs.

Every tool lints one spec per run and prints JSON (the fair, machine-readable output of each).
Prints per spec and tool the median wall time, median peak RSS and the ratio peer/apilint-cold,
then the issue-2 targets for GitHub's description; writes the raw runs to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import benchlib as bl

CORPUS_SPECS = {
    "stripe": "openapi/stripe/spec3.json",
    "kubernetes": "openapi/kubernetes/swagger.json",
    "openai": "openapi/openai/openapi.yaml",
    "digitalocean": "openapi/digitalocean/specification/DigitalOcean-public.v2.yaml",
}
TOOLS = ("apilint", "apilint-cached", "redocly", "spectral")


def spec_paths(corpus: Path, names: list[str] | None) -> dict[str, Path]:
    specs = {"github": bl.GITHUB_SPEC}
    specs.update({name: corpus / rel for name, rel in CORPUS_SPECS.items()})
    if names:
        unknown = set(names) - set(specs)
        if unknown:
            raise SystemExit(f"unknown spec(s) {sorted(unknown)}; choose from {sorted(specs)}")
        specs = {name: specs[name] for name in names}
    return specs


def commands(tool: str, spec: Path, apilint: bl.Apilint) -> list[str] | None:
    if tool == "apilint":
        return [*apilint.argv, "check", "--no-cache", "--format", "json", str(spec)]
    if tool == "apilint-cached":
        return [*apilint.argv, "check", "--format", "json", str(spec)]
    if tool == "redocly":
        exe = bl.node_tool("redocly")
        return exe and [str(exe), "lint", "--config", str(bl.PINS_DIR / "redocly.yaml"),
                        "--format", "json", str(spec)]
    if tool == "spectral":
        exe = bl.node_tool("spectral")
        return exe and [str(exe), "lint", "--ruleset", str(bl.PINS_DIR / "spectral-oas.yaml"),
                        "--format", "json", "--quiet", str(spec)]
    raise ValueError(tool)


def bench_tool(tool: str, spec: Path, apilint: bl.Apilint, runs: int, timeout: float) -> dict[str, Any]:
    cmd = commands(tool, spec, apilint)
    if cmd is None:
        return {"tool": tool, "skipped": "not installed (run benchmarks/install_peers.sh)"}
    with tempfile.TemporaryDirectory(prefix="apilint-bench-cache-") as cache:
        extra = dict(apilint.env) if tool.startswith("apilint") else {}
        if tool == "apilint-cached":
            extra["APILINT_CACHE_DIR"] = cache
            bl.measure(cmd, timeout=timeout, env=bl.child_env(extra), keep_output=False)  # prime
        results = []
        for _ in range(runs):
            if tool == "apilint":  # cold: no cache read or written, and an empty cache folder
                extra["APILINT_CACHE_DIR"] = tempfile.mkdtemp(dir=cache)
            run = bl.measure(cmd, timeout=timeout, env=bl.child_env(extra), keep_output=False)
            results.append(run)
            print(f"    {tool:15} {run.wall_s:8.2f} s {run.peak_rss_mb:8.0f} MB  exit {run.exit_code}"
                  + ("  TIMEOUT" if run.timed_out else "")
                  + (f"  {bl.first_line(run.stderr)}"
                     if tool.startswith("apilint") and (run.crashed() or run.exit_code == 2) else ""),
                  file=sys.stderr, flush=True)
            if run.timed_out:
                break  # further runs would time out too; keep the benchmark bounded
    return {
        "tool": tool,
        "command": cmd,
        "runs": [r.summary() for r in results],
        "median_wall_s": bl.median([r.wall_s for r in results]),
        "min_wall_s": min(r.wall_s for r in results),
        "median_peak_rss_mb": bl.median([r.peak_rss_mb for r in results]),
        "exit_codes": sorted({r.exit_code for r in results}),
        "timed_out": any(r.timed_out for r in results),
        "crashed": tool.startswith("apilint") and any(r.crashed() for r in results),
    }


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base and base == base and value == value else "-"


def print_spec(name: str, spec: Path, rows: list[dict[str, Any]]) -> None:
    size = spec.stat().st_size / 1e6
    print(f"\n{name}: {spec} ({size:.1f} MB)")
    base = next((r for r in rows if r["tool"] == "apilint" and "runs" in r), None)
    table_rows = []
    for row in rows:
        if "runs" not in row:
            table_rows.append([row["tool"], "-", "-", "-", "-", "-", "-", row["skipped"]])
            continue
        note = "TIMEOUT" if row["timed_out"] else (
            "CRASH" if row["crashed"] else "")
        table_rows.append([
            row["tool"], f"{row['median_wall_s']:.2f}", f"{row['min_wall_s']:.2f}",
            f"{row['median_peak_rss_mb']:.0f}", ",".join(map(str, row["exit_codes"])),
            ratio(row["median_wall_s"], base["median_wall_s"]) if base else "-",
            ratio(row["median_peak_rss_mb"], base["median_peak_rss_mb"]) if base else "-",
            note])
    print(bl.table(["tool", "median s", "min s", "peak RSS MB", "exit", "time/apilint",
                    "RSS/apilint", "note"], table_rows))


def targets(rows: list[dict[str, Any]]) -> list[str]:
    """Issue 2's 'Done when' for GitHub's description, as PASS/FAIL lines."""
    by_tool = {r["tool"]: r for r in rows if "runs" in r}
    cold, cached = by_tool.get("apilint"), by_tool.get("apilint-cached")
    redocly, spectral = by_tool.get("redocly"), by_tool.get("spectral")
    lines = []

    def verdict(ok: bool, text: str) -> None:
        lines.append(f"  [{'PASS' if ok else 'FAIL'}] {text}")

    if cold and redocly:
        r = redocly["median_wall_s"] / cold["median_wall_s"]
        verdict(r >= 3, f"cold apilint >= 3x faster than Redocly: {r:.2f}x")
        verdict(cold["median_peak_rss_mb"] < redocly["median_peak_rss_mb"],
                f"peak RSS below Redocly's: {cold['median_peak_rss_mb']:.0f} MB vs "
                f"{redocly['median_peak_rss_mb']:.0f} MB")
    if cold and spectral:
        r = spectral["median_wall_s"] / cold["median_wall_s"]
        suffix = " (Spectral timed out: ratio is a lower bound)" if spectral["timed_out"] else ""
        verdict(r >= 40, f"cold apilint >= 40x faster than Spectral: {r:.1f}x{suffix}")
    if cached:
        verdict(cached["median_wall_s"] < 0.3, f"cached re-run under 0.3 s: {cached['median_wall_s']:.3f} s")
    if cold:
        verdict(not cold["crashed"] and set(cold["exit_codes"]) <= {0, 1},
                f"apilint exit codes {cold['exit_codes']} (0 or 1 expected)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bl.add_apilint_option(parser)
    parser.add_argument("-n", "--runs", type=int, default=3, help="timed runs per tool and spec (default 3)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run before it is killed (default 300)")
    parser.add_argument("--spec", action="append", dest="specs", metavar="NAME",
                        help=f"only this spec (repeatable): github, {', '.join(CORPUS_SPECS)}")
    parser.add_argument("--tool", action="append", dest="tools", choices=TOOLS,
                        help="only this tool (repeatable; default all)")
    parser.add_argument("--corpus", type=Path, default=bl.default_corpus(), help="shared corpus folder")
    parser.add_argument("--output", help="JSON results file (default benchmarks/results/check-<time>.json)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    apilint = bl.resolve_apilint(args.apilint)
    tools = args.tools or list(TOOLS)
    specs = spec_paths(args.corpus, args.specs)
    versions = bl.tool_versions(apilint if any(t.startswith("apilint") for t in tools) else None)
    print(f"apilint: {apilint.describe()}; runs per tool: {args.runs}; timeout {args.timeout:.0f} s")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    report: dict[str, Any] = {"versions": versions, "runs": args.runs, "timeout_s": args.timeout, "specs": {}}
    for name, spec in specs.items():
        if not spec.is_file():
            print(f"\n{name}: {spec} missing, skipped", file=sys.stderr)
            continue
        print(f"  {name} ...", file=sys.stderr, flush=True)
        rows = [bench_tool(tool, spec, apilint, args.runs, args.timeout) for tool in tools]
        report["specs"][name] = {"path": str(spec), "bytes": spec.stat().st_size, "tools": rows}
        print_spec(name, spec, rows)
        if name == "github":
            report["github_targets"] = targets(rows)
            print("issue-2 targets on GitHub's description:")
            print("\n".join(report["github_targets"]))
    path = bl.write_results("check", report, args.output)
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
