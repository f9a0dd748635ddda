"""What the rule pack's part A (sections 1.x/2.x, unused components) costs on a real spec.

Loads the spec once per round, runs every active rule in-process and times part A's rules against the
others. Prints medians over the rounds and the share part A adds. Times are CPU time of this process
(``time.process_time``): on a shared, busy machine wall time mostly measures the neighbours.

    python benchmarks/rulepack_a_cost.py [SPEC] [--preset strict] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

from apilint.engine.config import Config
from apilint.engine.rule import Context, all_rules
from apilint.engine.runner import LintOptions, _load

PART_A = {
    "naming-case-inconsistent", "timestamp-untyped", "state-free-string", "id-name-misuse",
    "lifecycle-verb-inconsistent", "safe-method-changes-state", "patch-replaces-resource", "post-for-read",
    "version-mixed", "version-not-semver", "ui-coupled-operation", "api-surface-oversized",
    "endpoint-near-duplicate", "id-in-query", "resource-roots-scattered", "action-field-dispatch",
    "polling-endpoint", "input-unbounded", "validation-inconsistent", "unknown-fields-accepted",
    "storage-term-exposed", "page-token-readable", "component-unused",
}
GITHUB = next((p / "shared/corpus/openapi/github/api.github.com.json" for p in Path(__file__).resolve().parents
               if (p / "shared/corpus").is_dir()), Path("api.github.com.json"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", nargs="?", default=str(GITHUB))
    parser.add_argument("--preset", default="strict")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    loads, mine, others = [], [], []
    per_rule: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        gc.collect()
        start = time.process_time()
        api, _sources = _load(args.spec, LintOptions())
        loads.append(time.process_time() - start)
        part_a = rest = 0.0
        for rule_, _severity, options in Config(preset=args.preset).active(all_rules()):
            if api.format not in rule_.formats:
                continue
            start = time.process_time()
            list(rule_.check(api, Context(rule_, options)))
            spent = time.process_time() - start
            per_rule.setdefault(rule_.id, []).append(spent)
            if rule_.id in PART_A:
                part_a += spent
            else:
                rest += spent
        mine.append(part_a)
        others.append(rest)
    load, a, b = (statistics.median(x) for x in (loads, mine, others))
    print(f"{Path(args.spec).name} preset={args.preset} rounds={args.rounds}")
    print(f"  load (median)          {load * 1000:8.1f} ms")
    print(f"  other rules (median)   {b * 1000:8.1f} ms")
    print(f"  part A rules (median)  {a * 1000:8.1f} ms   ratio part A / (load + other rules) = {a / (load + b):.2f}")
    slowest = sorted(((statistics.median(v), k) for k, v in per_rule.items() if k in PART_A), reverse=True)[:5]
    for spent, rule_id in slowest:
        print(f"    {rule_id:30} {spent * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
