"""CPU seconds (user + system) of `apilint check` on one spec, two source trees alternated: steadier than
wall time on a shared machine, so a regression between two commits shows even under load.

    git worktree add /tmp/before <commit>
    python benchmarks/check_cpu.py /tmp/before . --spec ../shared/corpus/openapi/github/api.github.com.json

Prints the median and minimum over --runs for each tree, and their ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile


def cpu_seconds(tree: str, spec: str, cache: str) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "apilint", "check", "--no-cache", "-j", "1", "-f", "json", spec],
                   cwd=tree, env=dict(os.environ, PYTHONPATH=tree, APILINT_CACHE_DIR=cache),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="source tree holding apilint/ (e.g. a worktree of the old commit)")
    parser.add_argument("after", help="source tree to compare with it")
    parser.add_argument("--spec", required=True)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    spec = os.path.abspath(args.spec)
    trees = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    times: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as cache:
        for _ in range(args.runs):
            for name, tree in trees.items():
                times[name].append(cpu_seconds(tree, spec, cache))
    for name, values in times.items():
        print(f"{name:7} median {statistics.median(values):.3f} s  min {min(values):.3f} s  ({trees[name]})")
    print(f"after/before: {statistics.median(times['after']) / statistics.median(times['before']):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
