"""Hits per rule over the real specs of ../shared/corpus/openapi (the precision work of issue 3).

    python tools/rule_hits.py [--rules a,b] [--dump DIR] [SPEC ...]

Prints a table of finding counts (rule x spec) under the strict preset; with --dump, writes each
spec's findings as JSON lines to DIR/<spec>.jsonl for reading samples.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = next((p / "shared" / "corpus" / "openapi" for p in ROOT.parents
               if (p / "shared" / "corpus" / "openapi").is_dir()), ROOT.parent / "shared" / "corpus" / "openapi")
DEFAULT_SPECS = ["github/api.github.com.json", "stripe/spec3.json", "kubernetes/swagger.json", "openai/openapi.yaml",
                 "asana/asana_oas.yaml", "box/openapi.json", "twilio/twilio_api_v2010.yaml",
                 "slack/slack_web_openapi_v2.json", "digitalocean/specification/DigitalOcean-public.v2.yaml",
                 "temporal/openapiv3.yaml", "museum/openapi.yaml", "oai-examples/v3.0/petstore-expanded.yaml"]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from apilint.engine.config import Config
    from apilint.engine.runner import LintOptions, lint_target

    parser = argparse.ArgumentParser()
    parser.add_argument("specs", nargs="*")
    parser.add_argument("--rules", default="")
    parser.add_argument("--dump")
    args = parser.parse_args()
    specs = args.specs or [str(CORPUS / s) for s in DEFAULT_SPECS]
    rules = tuple(r for r in args.rules.split(",") if r)
    table: dict[str, Counter[str]] = {}
    for spec in specs:
        started = time.perf_counter()
        result = lint_target(spec, LintOptions(config=Config(preset="strict"), use_cache=False, only_rules=rules))
        name = Path(spec).parent.name if "specification" not in spec else "digitalocean"
        if result.error:
            print(f"{name}: {result.error}", file=sys.stderr)
            continue
        table[name] = Counter(f.rule for f in result.findings)
        print(f"{name}: {len(result.findings)} findings in {time.perf_counter() - started:.2f}s", file=sys.stderr)
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            with open(os.path.join(args.dump, f"{name}.jsonl"), "w") as out:
                for finding in result.findings:
                    out.write(json.dumps(finding.to_json()) + "\n")
    all_rules = sorted({r for counts in table.values() for r in counts})
    names = list(table)
    print("rule".ljust(36) + "".join(n[:10].rjust(11) for n in names))
    for rule_id in all_rules:
        print(rule_id.ljust(36) + "".join(str(table[n][rule_id]).rjust(11) for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
