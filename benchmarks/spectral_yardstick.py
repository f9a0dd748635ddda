"""Run Spectral (pinned, benchmarks/.peers) and apilint with the same Spectral ruleset over corpus specs:
agreement on (rule, file, JSON path) and each tool's time, side by side.

    python benchmarks/spectral_yardstick.py [SPEC ...] [--ruleset FILE] [--rounds N] [--show N]

The ruleset defaults to benchmarks/rulesets/oas-core.yaml (spectral:oas's core-function rules). Agreement is
the share of Spectral's findings apilint also reports; every difference is listed with its explanation
(EXPLAINED below) or as unexplained. Times are medians of whole command runs (start-up included), apilint
with --no-cache and its bytecode compiled first (as `pip install` leaves it): CPU seconds (user + system of
the process and its threads; steady on a shared, loaded machine) and wall-clock seconds. Exit 1 when
agreement is under --min-agreement (default 95%) or a difference is unexplained.
Needs Node.js and `bash benchmarks/install_peers.sh`.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECTRAL = ROOT / "benchmarks" / ".peers" / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / "benchmarks" / "rulesets" / "oas-core.yaml"


def find_corpus(start: Path = ROOT) -> Path:
    for folder in (start, *start.parents):
        candidate = folder / ".." / "shared" / "corpus" / "openapi"
        if candidate.is_dir():
            return candidate.resolve()
    return (start / ".." / "shared" / "corpus" / "openapi").resolve()


CORPUS = find_corpus()
DEFAULT_SPECS = ["museum/openapi.yaml", "oai-examples/v3.0/petstore-expanded.yaml", "asana/asana_oas.yaml",
                 "temporal/openapiv3.yaml", "twilio/twilio_api_v2010.yaml", "openai/openapi.yaml",
                 "box/openapi.json", "slack/slack_web_openapi_v2.json", "kubernetes/swagger.json",
                 "stripe/spec3.json", "github/api.github.com.json"]

# (rule or "*", side) -> why the tools differ there; side is "spectral-only" or "apilint-only"
EXPLAINED: dict[tuple[str, str], str] = {}

Key = tuple[str, str, str]  # rule, absolute file, JSON pointer


def timed(command: list[str], **kwargs: object) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """The finished command, its CPU seconds (children's user + system) and its wall-clock seconds."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, **kwargs)  # type: ignore[call-overload]
    after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - start
    return done, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), wall


def pointer(path: list[object]) -> str:
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in path)


Run = tuple[set[Key], float, float, str | None]  # findings, CPU s, wall s, error


def run_spectral(spec: Path, ruleset: Path, rules: set[str]) -> Run:
    done, cpu, wall = timed([str(SPECTRAL), "lint", "-q", "-r", str(ruleset), "-f", "json", str(spec)])
    try:
        results = json.loads(done.stdout or "[]")
    except ValueError:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return set(), cpu, wall, lines[-1] if lines else f"exit {done.returncode}"
    found = {(r["code"], os.path.abspath(r.get("source") or spec), pointer(r["path"]))
             for r in results if r["code"] in rules}
    return found, cpu, wall, None


def run_apilint(spec: Path, config: Path) -> Run:
    done, cpu, wall = timed([sys.executable, "-m", "apilint", "check", "--no-cache", "-c", str(config), "-f", "json",
                             str(spec)], cwd=ROOT)
    if done.returncode not in (0, 1):
        return set(), cpu, wall, done.stderr.strip()
    findings = json.loads(done.stdout)["findings"]
    return {(f["rule"], os.path.abspath(ROOT / f["file"]), f["pointer"]) for f in findings}, cpu, wall, None


def rule_names(ruleset: Path) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from apilint.spectral.ruleset import load_ruleset

    return set(load_ruleset(str(ruleset)).rules)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="*", help=f"spec files (default: {len(DEFAULT_SPECS)} corpus specs)")
    parser.add_argument("--ruleset", type=Path, default=RULESET)
    parser.add_argument("--rounds", type=int, default=0, help="timed runs per tool (default: 3, 1 over 5 MB)")
    parser.add_argument("--show", type=int, default=3, help="sample paths shown per difference")
    parser.add_argument("--min-agreement", type=float, default=95.0)
    args = parser.parse_args(argv)
    if not SPECTRAL.exists():
        print(f"spectral not installed at {SPECTRAL}: run `bash benchmarks/install_peers.sh`", file=sys.stderr)
        return 2
    specs = [Path(s).resolve() for s in args.specs] or [CORPUS / s for s in DEFAULT_SPECS if (CORPUS / s).exists()]
    rules = rule_names(args.ruleset)
    # timed as installed: pip writes apilint's bytecode at install time, while a checkout run with
    # PYTHONDONTWRITEBYTECODE (as on the development machine) would compile ~170 modules on every run
    compileall.compile_dir(str(ROOT / "apilint"), quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "apilint.yaml"
        config.write_text(f"extends: [{json.dumps(str(args.ruleset.resolve()))}]\n", encoding="utf-8")
        return _compare(specs, args, rules, config)


def _compare(specs: list[Path], args: argparse.Namespace, rules: set[str], config: Path) -> int:
    total_spectral = total_agreed = 0
    differences: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (spec, rule, side) -> pointers
    print(f"{'spec':<44} {'spectral':>8} {'apilint':>8} {'agreed':>7}   CPU s: {'spectral':>8} {'apilint':>7} "
          f"{'ratio':>6}   wall s: {'spectral':>8} {'apilint':>7} {'ratio':>6}")
    for spec in specs:
        rounds = args.rounds or (1 if spec.stat().st_size > 5_000_000 else 3)
        spectral_runs = [run_spectral(spec, args.ruleset, rules) for _ in range(rounds)]
        apilint_runs = [run_apilint(spec, config) for _ in range(rounds)]
        theirs, error = spectral_runs[0][0], spectral_runs[0][3] or apilint_runs[0][3]
        ours = apilint_runs[0][0]
        name = str(spec.relative_to(CORPUS)) if spec.is_relative_to(CORPUS) else spec.name
        if error:
            print(f"{name:<44} error: {error}")
            continue
        agreed = theirs & ours
        total_spectral += len(theirs)
        total_agreed += len(agreed)
        for side, keys in (("spectral-only", theirs - ours), ("apilint-only", ours - theirs)):
            for rule, _file, where in sorted(keys):
                differences[(name, rule, side)].append(where)
        times = [(statistics.median(r[i] for r in spectral_runs), statistics.median(r[i] for r in apilint_runs))
                 for i in (1, 2)]
        print(f"{name:<44} {len(theirs):>8} {len(ours):>8} {len(agreed):>7}   " + "   ".join(
            f"{label} {theirs_s:>8.2f} {ours_s:>7.2f} {theirs_s / max(ours_s, 1e-9):>5.1f}x"
            for label, (theirs_s, ours_s) in zip(("CPU s:", "wall s:"), times, strict=True)), flush=True)
    agreement = 100.0 * total_agreed / total_spectral if total_spectral else 100.0
    print(f"\nagreement: {total_agreed}/{total_spectral} of Spectral's findings ({agreement:.1f}%)")
    unexplained = 0
    if differences:
        print("\ndifferences (spec, rule, side: count, samples, why):")
    for (name, rule, side), where in sorted(differences.items()):
        why = EXPLAINED.get((rule, side)) or EXPLAINED.get(("*", side))
        unexplained += why is None
        print(f"  {name} {rule} {side}: {len(where)}  e.g. {', '.join(where[:args.show])}\n"
              f"      why: {why or 'UNEXPLAINED'}")
    return 0 if agreement >= args.min_agreement and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
