"""Benchmark `apilint diff` on two published versions of GitHub's OpenAPI description.

    bash benchmarks/install_peers.sh            # installs @octokit/openapi (current + older) into .peers
    python benchmarks/bench_diff.py [--peers benchmarks/.peers] [--runs 5]

Prints the median wall time of the real command line (`python -m apilint diff OLD NEW --format json`),
the in-process phases (load both, compare), a self-diff, and the same for oasdiff / openapi-changes
when either is on PATH. Neither can be installed from npm or PyPI here: npm's `oasdiff` is a
security placeholder (0.0.1-security) and PyPI has no oasdiff; `@pb33f/openapi-changes` (npm) only
downloads its Go binary from GitHub in a postinstall script, which a registry-only network refuses.
The target (issue 8) is under 5 s for the command line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD = Path("node_modules/octokit-openapi-old/generated/api.github.com.json")
NEW = Path("node_modules/@octokit/openapi/generated/api.github.com.json")
TARGET_SECONDS = 5.0


def timed(command: list[str], runs: int) -> tuple[float, subprocess.CompletedProcess]:
    times, done = [], None
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
        times.append(time.perf_counter() - start)
    return statistics.median(times), done


def in_process(old: Path, new: Path, runs: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from apilint.diff.openapi.compare import OpenApiComparer
    from apilint.diff.openapi.doc import Doc

    load, compare, self_diff = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        a, b = Doc(str(old)), Doc(str(new))
        loaded = time.perf_counter()
        OpenApiComparer(a, b).run()
        compared = time.perf_counter()
        OpenApiComparer(b, b).run()
        self_diff.append(time.perf_counter() - compared)
        load.append(loaded - start)
        compare.append(compared - loaded)
    return {"load both": statistics.median(load), "compare": statistics.median(compare),
            "compare (self)": statistics.median(self_diff)}


def peers(old: Path, new: Path, runs: int) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    commands = {"oasdiff": ["oasdiff", "breaking", str(old), str(new)],
                "openapi-changes": ["openapi-changes", "summary", "--no-logo", str(old), str(new)]}
    for name, command in commands.items():
        if shutil.which(command[0]) is None:
            out[name] = "not installed (not installable from npm or PyPI, see this script's docstring)"
            continue
        out[name] = timed(command, runs)[0]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="benchmark apilint diff on GitHub's OpenAPI description")
    parser.add_argument("--peers", type=Path, default=ROOT / "benchmarks" / ".peers",
                        help="folder install_peers.sh installed into (holding node_modules)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    old, new = args.peers / OLD, args.peers / NEW
    if not old.exists() or not new.exists():
        print(f"missing {old} or {new}: run benchmarks/install_peers.sh (or pass --peers)", file=sys.stderr)
        return 2
    sizes = f"{old.stat().st_size / 1e6:.1f} MB -> {new.stat().st_size / 1e6:.1f} MB"
    old_version = json.loads(old.read_text())["info"]["version"]
    new_version = json.loads(new.read_text())["info"]["version"]
    print(f"GitHub REST description {old_version} -> {new_version} ({sizes}), median of {args.runs} runs")
    cli_time, done = timed([sys.executable, "-m", "apilint", "diff", str(old), str(new), "--format", "json"],
                           args.runs)
    if done.returncode not in (0, 1):
        print(done.stderr, file=sys.stderr)
        return 2
    report = json.loads(done.stdout)
    levels = {lvl: sum(1 for c in report["changes"] if c["level"] == lvl) for lvl in ("breaking", "warning", "info")}
    print(f"  apilint diff (command line)   {cli_time:6.2f} s   {len(report['changes'])} changes {levels}; "
          f"target < {TARGET_SECONDS:.0f} s: {'ok' if cli_time < TARGET_SECONDS else 'MISSED'}")
    for phase, seconds in in_process(old, new, args.runs).items():
        print(f"  apilint {phase:<22} {seconds:6.2f} s")
    for name, result in peers(old, new, args.runs).items():
        if isinstance(result, float):
            print(f"  {name:<29} {result:6.2f} s   apilint/{name} = {cli_time / result:.2f}x")
        else:
            print(f"  {name:<29} {result}")
    return 0 if cli_time < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
