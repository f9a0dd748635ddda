"""Score `apilint diff` against the peer yardsticks in ../shared/peer (oasdiff and buf breaking).

    python benchmarks/diff_yardstick.py [--peer DIR] [--verbose]

oasdiff: the fairly comparable cases are those without `options` where the peer found a break
(`breaking`) or ran all checks and listed everything (`checks == "all"` and `exhaustive`). A case
agrees when apilint's verdict (any breaking change) equals `breaking` (an ERR was expected).
buf: every case, run with the case's rule set; a case agrees on the verdict when apilint reports a
finding exactly when buf does; findings are also matched by (rule, file) and (rule, file, line).
Disagreements must be explained in diff_yardstick_disagreements.md beside this script.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def find_peer(start: Path = ROOT) -> Path:
    """``../shared/peer`` beside the project root (CI clones it there); a worktree nested deeper finds it
    further up."""
    for folder in (start, *start.parents):
        candidate = folder / ".." / "shared" / "peer"
        if candidate.is_dir():
            return candidate
    return start / ".." / "shared" / "peer"


DEFAULT_PEER = find_peer()
DISAGREEMENTS = Path(__file__).resolve().parent / "diff_yardstick_disagreements.md"
# fixtures date their sunsets 2022/2023 (past) or 2099/9999 (future); any day in between works
TODAY = "2026-01-01"


@dataclass
class CaseResult:
    suite: str
    id: str
    expected: bool
    got: bool
    ids: list[str] = field(default_factory=list)
    error: str | None = None
    located: int = 0  # buf: expected findings matched at the same (rule, file, line)
    expected_findings: int = 0
    matched_rule_file: int = 0

    @property
    def agrees(self) -> bool:
        return self.error is None and self.expected == self.got


def _options(**kwargs):
    import datetime as dt

    from apilint.diff.engine import DiffOptions

    return DiffOptions(today=dt.date.fromisoformat(TODAY), **kwargs)


def oasdiff_cases(peer: Path) -> list[dict]:
    cases = json.loads((peer / "oasdiff" / "cases.json").read_text())
    return [c for c in cases if not c.get("options") and (c["breaking"] or (c["checks"] == "all" and c["exhaustive"]))]


def score_oasdiff(peer: Path) -> list[CaseResult]:
    from apilint.diff.engine import diff
    from apilint.errors import InputError

    results = []
    for case in oasdiff_cases(peer):
        base, revision = peer / "oasdiff" / case["base"], peer / "oasdiff" / case["revision"]
        try:
            result = diff(str(base), str(revision), _options())
            breaking = [c.id for c in result.failing("breaking")]
            results.append(CaseResult("oasdiff", case["id"], case["breaking"], bool(breaking), breaking))
        except InputError as exc:
            results.append(CaseResult("oasdiff", case["id"], case["breaking"], False, error=str(exc)))
    return results


def score_buf(peer: Path) -> list[CaseResult]:
    from apilint.diff.engine import diff
    from apilint.errors import InputError

    results = []
    cases = json.loads((peer / "buf-breaking" / "cases.json").read_text())
    for case in cases:
        previous, current = peer / "buf-breaking" / case["previous"], peer / "buf-breaking" / case["current"]
        config = case.get("config") or {}
        old_target, new_target = _build_root(previous), _build_root(current)
        expected = case["expected"]
        try:
            result = diff(str(old_target), str(new_target), _options(proto_rules=frozenset(case["rules"]),
                                                                   proto_ignore=_buf_ignore(config)))
        except InputError as exc:
            results.append(CaseResult("buf", case["id"], case["breaking"], False, error=str(exc),
                                      expected_findings=len(expected)))
            continue
        found = [(c.id, c.location.file if c.location and c.location.file else None,
                  c.location.line if c.location else None) for c in result.changes if c.counts]
        row = CaseResult("buf", case["id"], case["breaking"], bool(found), sorted({f[0] for f in found}),
                         expected_findings=len(expected))
        pool_rf = [(r, f) for r, f, _ in found]
        pool_rfl = list(found)
        for item in expected:
            key = (item["rule"], item.get("file"))
            if key in pool_rf:
                pool_rf.remove(key)
                row.matched_rule_file += 1
            full = (item["rule"], item.get("file"), item.get("line"))
            if full in pool_rfl:
                pool_rfl.remove(full)
                row.located += 1
        results.append(row)
    return results


def _build_root(tree: Path) -> Path:
    """The module root a v1beta1 buf.yaml names under `build.roots` (each tree has its own buf.yaml)."""
    import yaml

    config_file = tree / "buf.yaml"
    if config_file.exists():
        data = yaml.safe_load(config_file.read_text()) or {}
        roots = (data.get("build") or {}).get("roots") or []
        if roots:
            return tree / roots[0]
    return tree


def _buf_ignore(config: dict) -> dict:
    return {"ignore": config.get("ignore") or [],
            "ignore_unstable_packages": bool(config.get("ignore_unstable_packages"))}


def explained(path: Path = DISAGREEMENTS) -> set[str]:
    """Case ids listed in the disagreements file (as `suite:case-id` in backticks at a line start)."""
    if not path.exists():
        return set()
    return set(re.findall(r"^[-*] `([a-z]+:[^`]+)`", path.read_text(), re.M))


def summarise(results: list[CaseResult]) -> dict:
    agree = sum(r.agrees for r in results)
    return {"cases": len(results), "agree": agree, "ratio": agree / len(results) if results else 1.0,
            "disagreements": [f"{r.suite}:{r.id}" for r in results if not r.agrees]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", type=Path, default=DEFAULT_PEER, help="the shared/peer folder")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every disagreement with details")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    oas = score_oasdiff(args.peer)
    buf = score_buf(args.peer)
    elapsed = time.perf_counter() - start
    listed = explained()
    for name, results in (("oasdiff", oas), ("buf", buf)):
        summary = summarise(results)
        print(f"{name}: {summary['agree']}/{summary['cases']} cases agree on breaking/not breaking "
              f"({summary['ratio']:.1%})")
        for case_id in summary["disagreements"]:
            row = next(r for r in results if f"{r.suite}:{r.id}" == case_id)
            mark = "explained" if case_id in listed else "NOT EXPLAINED"
            detail = f" error={row.error}" if row.error else f" expected={row.expected} got={row.got} {row.ids[:6]}"
            print(f"  {mark}: {case_id}" + (detail if args.verbose or mark != "explained" else ""))
    total = sum(r.expected_findings for r in buf)
    print(f"buf findings: {sum(r.matched_rule_file for r in buf)}/{total} expected (rule, file) found; "
          f"{sum(r.located for r in buf)}/{total} at the same (rule, file, line)")
    everything = oas + buf
    overall = summarise(everything)
    print(f"overall: {overall['agree']}/{overall['cases']} ({overall['ratio']:.1%}) in {elapsed:.1f} s")
    missing = [d for d in overall["disagreements"] if d not in listed]
    return 1 if missing or overall["ratio"] < 0.95 else 0


if __name__ == "__main__":
    raise SystemExit(main())
