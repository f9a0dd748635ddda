"""Score apilint's matcher engine on the Pact specification's matching test cases.

    python benchmarks/pact_yardstick.py [CASES_DIR]     (default ../shared/peer/pact/testcases)

Each case (``{"match": bool, "expected": {...}, "actual": {...}}`` under ``request/<part>`` or
``response/<part>``, ``message/body``) is translated into the engine (``apilint.pact``): the expected part with its
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
        key = "contents" if side == "message" else "body"  # a message's body is its contents
        want, content_type = body_of({**expected, "body": expected.get(key)})
        got, actual_type = body_of({**actual, "body": actual.get(key)})
        return match.body(want, got, rules.get("content") or rules.get("body"), side != "request",
                          content_type or actual_type, present=expected.get(key) is not None)
    raise ValueError(f"no part {part!r}")


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else next((p for p in DEFAULTS if p.is_dir()), DEFAULTS[0])
    if not root.is_dir():
        print(f"{root}: no such folder of cases", file=sys.stderr)
        return 2
    agree, total, lines = 0, 0, []
    by_side: dict[str, list[int]] = {}
    for file in sorted(root.rglob("*.json")):
        side, part = file.parent.parent.name, file.parent.name
        if side not in ("request", "response", "message"):
            continue
        case = json.loads(file.read_text(encoding="utf-8"))
        total += 1
        try:
            found = verdict(side, part, case)
        except Exception as exc:  # a case the engine cannot read is a disagreement, named
            found = [f"error: {exc}"]
        counts = by_side.setdefault(side, [0, 0])
        counts[1] += 1
        if (not found) == bool(case["match"]):
            agree += 1
            counts[0] += 1
        else:
            rules = json.dumps((case["expected"] or {}).get("matchingRules") or "equality")[:160]
            why = "; ".join(f"{m.where}: {m.message}" if hasattr(m, "where") else str(m) for m in found[:3])
            lines.append(f"- {file.relative_to(root)}: expected match={case['match']}, "
                         f"apilint {'matched' if not found else 'refused: ' + why} (rule: {rules})")
    sides = ", ".join(f"{side} {a}/{n}" for side, (a, n) in sorted(by_side.items()))
    print(f"{agree}/{total} agree ({100 * agree / max(total, 1):.1f}%): {sides}")
    if lines:
        print("\n".join(lines))
    return 0 if total and agree / total >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
