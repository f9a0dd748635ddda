"""Score apilint's matcher engine on the Pact specification's matching test cases.

    python benchmarks/pact_yardstick.py [CASES_DIR]     (default ../shared/peer/pact/testcases)

Each case (``{"match": bool, "expected": {...}, "actual": {...}}`` under ``request/<part>`` or
``response/<part>``) is translated into the engine (``apilint.pact``): the expected part with its
``matchingRules`` becomes rules, the actual part is compared. Prints ``N/M agree``, every disagreement
with the rule concerned, and exits 1 below 95%.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from apilint.pact import match
from apilint.pact.interaction import body_of, query_of
from apilint.pact.rules import read_rules

_PROJECT = Path(__file__).resolve().parents[1]
# ../shared next to the project (a worktree under /work/wt/ looks one level further up)
DEFAULTS = [_PROJECT.parent / "shared/peer/pact/testcases", _PROJECT.parents[1] / "shared/peer/pact/testcases"]


def verdict(side: str, part: str, case: dict[str, Any]) -> list[Any]:
    """The differences apilint's engine finds for one case (empty: it matches)."""
    expected, actual = case["expected"] or {}, case["actual"] or {}
    rules = read_rules(expected.get("matchingRules"), 3)
    if part == "method":
        return match.method(expected.get("method", ""), actual.get("method", ""))
    if part == "path":
        return match.path(expected.get("path", ""), actual.get("path", ""), rules.get("path"))
    if part == "query":
        return match.query(query_of(expected.get("query")), query_of(actual.get("query")), rules.get("query"))
    if part == "headers":
        return match.headers(expected.get("headers") or {}, actual.get("headers") or {}, rules.get("header"))
    if part == "status":
        return match.status(expected.get("status"), actual.get("status"), rules.get("status"))
    if part == "body":
        want, content_type = body_of(expected)
        got, actual_type = body_of(actual)
        return match.body(want, got, rules.get("body"), side == "response", content_type or actual_type,
                          present="body" in expected and expected["body"] is not None)
    raise ValueError(f"no part {part!r}")


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else next((p for p in DEFAULTS if p.is_dir()), DEFAULTS[0])
    if not root.is_dir():
        print(f"{root}: no such folder of cases", file=sys.stderr)
        return 2
    agree, total, skipped, lines = 0, 0, 0, []
    for file in sorted(root.rglob("*.json")):
        side, part = file.parent.parent.name, file.parent.name
        if side not in ("request", "response"):
            skipped += 1
            continue
        case = json.loads(file.read_text(encoding="utf-8"))
        total += 1
        try:
            found = verdict(side, part, case)
        except Exception as exc:  # a case the engine cannot read is a disagreement, named
            found = [f"error: {exc}"]
        if (not found) == bool(case["match"]):
            agree += 1
        else:
            rules = json.dumps((case["expected"] or {}).get("matchingRules") or "equality")[:160]
            why = "; ".join(f"{m.where}: {m.message}" if hasattr(m, "where") else str(m) for m in found[:3])
            lines.append(f"- {file.relative_to(root)}: expected match={case['match']}, "
                         f"apilint {'matched' if not found else 'refused: ' + why} (rule: {rules})")
    print(f"{agree}/{total} agree ({100 * agree / max(total, 1):.1f}%)"
          + (f", {skipped} message cases not scored (apilint verifies HTTP)" if skipped else ""))
    print("\n".join(lines))
    return 0 if total and agree / total >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
