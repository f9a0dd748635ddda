"""The GitHub Action's logic (action.yml calls ``python -m apilint.ci.github_action``).

Inputs come as ``INPUT_*`` environment variables (set by action.yml): it runs ``apilint check``
(SARIF file + log annotations, the ``baseline`` if given), ``apilint diff --base`` for every spec root the
``spec`` input names (files, folders, globs; matched by path between the base and now; a base that cannot
be read fails the job with an ``::error::``), optionally ``apilint replay``,
writes a Markdown job summary (breaking changes first) to ``$GITHUB_STEP_SUMMARY``, sets the outputs
``findings``, ``breaking`` and ``sarif`` in ``$GITHUB_OUTPUT``, and exits 1 when ``fail-on`` says so.
"""

from __future__ import annotations

import glob
import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from apilint.report.markdown import bounded, cell, table

FAIL_ON_CHOICES = {"breaking", "error", "warning", "never"}
MORE = "… {n} more, see the JSON artifact (`apilint diff --base BASE -f json SPEC`, `apilint check -f json SPEC`)"


@dataclass
class Inputs:
    specs: list[str]
    base: str
    fail_on: set[str]
    sarif: str
    config: str
    recordings: str
    target: str
    replay_args: list[str]
    patterns: list[str] = field(default_factory=list)  # the spec input as given (globs and folders unexpanded)
    baseline: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Inputs:
        def get(name: str, default: str = "") -> str:
            return env.get(f"INPUT_{name.upper().replace('-', '_')}", default).strip()

        patterns = get("spec").replace(",", " ").split()
        specs: list[str] = []
        for pattern in patterns:
            specs += _matches(pattern, ".") or [pattern]  # an unmatched name reaches apilint, which reports it
        fail_on = {part.strip() for part in get("fail-on", "breaking,error").split(",") if part.strip()}
        unknown = fail_on - FAIL_ON_CHOICES
        if unknown:
            raise SystemExit(f"apilint action: fail-on: unknown value(s) {sorted(unknown)}; "
                             f"choose from {sorted(FAIL_ON_CHOICES)}")
        return cls(specs=list(dict.fromkeys(specs)), base=get("base"), fail_on=fail_on,
                   sarif=get("sarif", "apilint.sarif"), config=get("config"), recordings=get("recordings"),
                   target=get("target"), replay_args=shlex.split(get("replay-args")), patterns=patterns,
                   baseline=get("baseline"))


@dataclass
class Outcome:
    findings: list[dict[str, Any]] = field(default_factory=list)
    check_errors: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    diff_errors: list[str] = field(default_factory=list)
    replay: dict[str, Any] | None = None
    replay_error: str | None = None


def apilint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "apilint", *args], capture_output=True, text=True)


def run_check(inputs: Inputs, outcome: Outcome) -> None:
    options = [*(["--config", inputs.config] if inputs.config else []),
               *(["--baseline", inputs.baseline] if inputs.baseline else [])]
    result = apilint("check", *options, "-f", "json", *inputs.specs)
    if result.returncode == 2 or not result.stdout.strip():
        outcome.check_errors.append(result.stderr.strip() or "apilint check failed")
        return
    outcome.findings = json.loads(result.stdout)["findings"]
    apilint("check", *options, "-f", "sarif", "-o", inputs.sarif, *inputs.specs)
    annotations = apilint("check", *options, "-f", "github", *inputs.specs)
    sys.stdout.write(annotations.stdout)


def run_diff(inputs: Inputs, outcome: Outcome) -> None:
    """Diff every spec root the ``spec`` input names at the base and now, matched by path; a root on one
    side only is a spec added or removed. A base that cannot be read is an error, never a clean diff."""
    if not inputs.base:
        return
    if not _readable(inputs.base):
        outcome.diff_errors.append(
            f"cannot read the base revision {inputs.base}: fetch it first (actions/checkout with "
            f"fetch-depth: 0, or git fetch origin {inputs.base})")
        return
    from apilint.diff.gitref import materialise
    from apilint.errors import InputError

    try:
        top = _git("rev-parse", "--show-toplevel")
        with materialise(inputs.base, top, top) as (_, tmp, top):
            here_then = os.path.join(tmp, os.path.relpath(os.path.realpath("."), top))
            then = _roots(inputs.patterns or inputs.specs, here_then)
    except InputError as exc:
        outcome.diff_errors.append(f"base {inputs.base}: {exc}")
        return
    now = _roots(inputs.patterns or inputs.specs, ".")
    for spec in sorted(then.keys() | now.keys()):
        if spec not in then:
            outcome.changes.append({"id": "spec-added", "level": "info", "spec": spec,
                                    "message": f"{spec}: new spec (not at {inputs.base})"})
        elif spec not in now:
            outcome.changes.append({"id": "spec-removed", "level": "breaking", "spec": spec,
                                    "message": f"{spec}: spec removed (it is at {inputs.base})"})
        else:
            _diff_one(inputs.base, now[spec], outcome)


def _diff_one(base: str, spec: str, outcome: Outcome) -> None:
    result = apilint("diff", "--base", base, "-f", "json", spec)
    if result.returncode == 2 or not result.stdout.strip():
        outcome.diff_errors.append(f"{spec}: {result.stderr.strip() or 'apilint diff failed'}")
        return
    for change in json.loads(result.stdout)["changes"]:
        outcome.changes.append({**change, "spec": spec})


def _roots(patterns: list[str], root: str) -> dict[str, str]:
    """The spec roots ``patterns`` name under ``root``: a folder's OpenAPI root files and proto folders, a glob's
    OpenAPI roots and .proto files, a named file as it is; keyed by their normalised path under ``root``."""
    from apilint.engine.discover import discover
    from apilint.errors import InputError

    found: dict[str, str] = {}
    for pattern in patterns:
        for match in _matches(pattern, root):
            full = os.path.join(root, match)
            try:
                targets = [os.path.relpath(t, root) for t in discover([full])] if os.path.isdir(full) else [match]
            except InputError:  # nothing to compare in it
                targets = []
            for target in targets:
                found.setdefault(os.path.normpath(target), target)
    return found


def _matches(pattern: str, root: str) -> list[str]:
    """What ``pattern`` names under ``root``: a glob's folders, OpenAPI root files and .proto files (not the
    component files it also caught), or the named file or folder."""
    from apilint.engine.discover import looks_like_openapi_root

    matches = sorted(glob.glob(pattern, root_dir=root, recursive=True))
    if not glob.has_magic(pattern):
        return matches
    return [m for m in matches if os.path.isdir(os.path.join(root, m)) or m.endswith(".proto")
            or looks_like_openapi_root(os.path.join(root, m))]


def _readable(base: str) -> bool:
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"],
                          capture_output=True).returncode == 0


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()


def run_replay(inputs: Inputs, outcome: Outcome) -> None:
    if not (inputs.recordings and inputs.target):
        return
    result = apilint("replay", inputs.recordings, "--target", inputs.target, "-f", "json", *inputs.replay_args)
    if result.returncode == 2 or not result.stdout.strip():
        outcome.replay_error = result.stderr.strip() or "apilint replay failed"
        return
    outcome.replay = json.loads(result.stdout)


def summary(inputs: Inputs, outcome: Outcome) -> str:
    breaking = [c for c in outcome.changes if _breaks(c)]
    others = [c for c in outcome.changes if not _breaks(c)]
    counts = {s: sum(1 for f in outcome.findings if f["severity"] == s) for s in ("error", "warning", "info", "hint")}
    lines = ["# apilint", ""]
    lines.append(f"**{len(breaking)} breaking change(s)**, {len(others)} other change(s) against `{inputs.base}`; "
                 if inputs.base else "No base to compare with; ")
    lines[-1] += ", ".join(f"{n} {s}(s)" for s, n in counts.items() if n) or "no lint findings"
    lines.append("")
    for title, items in (("Breaking changes", breaking), ("Other changes", others)):
        if items:
            lines += [f"## {title}", ""]
            lines += table(("Spec", "Change", "Where", "Details"),
                           ((f"`{cell(c['spec'])}`", f"`{cell(c.get('id'))}`",
                             f"`{cell(c.get('operation') or c.get('element') or '')}`", cell(c.get("message")))
                            for c in items))
            lines.append("")
    if outcome.findings:
        order = {"error": 0, "warning": 1, "info": 2, "hint": 3}
        findings = sorted(outcome.findings, key=lambda f: (order[f["severity"]], f["file"], f["line"]))
        lines += ["## Lint findings", ""]
        lines += table(("Severity", "Rule", "Location", "Message"),
                       ((f["severity"], f"`{f['rule']}`", f"`{cell(f['file'])}:{f['line']}`", cell(f["message"]))
                        for f in findings))
        lines.append("")
    if outcome.replay is not None:
        results = outcome.replay.get("results", [])
        lines += ["## Contract replay", "",
                  f"{'**Breaking**' if outcome.replay.get('breaking') else 'Nothing breaking'} over "
                  f"{len(results)} interaction(s).", ""]
    problems = outcome.check_errors + outcome.diff_errors + ([outcome.replay_error] if outcome.replay_error else [])
    if problems:
        lines += ["## Could not run", ""] + [f"- `{cell(p)}`" for p in problems] + [""]
    return "\n".join(bounded(lines, more=MORE)) + "\n"


def _breaks(change: dict[str, Any]) -> bool:
    """A breaking change that no ignore file, policy or sunset accepted."""
    return change.get("level") == "breaking" and not change.get("allowed")


def is_breaking(outcome: Outcome) -> bool:
    return any(_breaks(c) for c in outcome.changes) or bool((outcome.replay or {}).get("breaking"))


def should_fail(inputs: Inputs, outcome: Outcome) -> bool:
    if "never" in inputs.fail_on:
        return False
    if outcome.check_errors or outcome.diff_errors or outcome.replay_error:
        return True
    severities = {f["severity"] for f in outcome.findings}
    return bool(
        ("breaking" in inputs.fail_on and is_breaking(outcome))
        or ("error" in inputs.fail_on and "error" in severities)
        or ("warning" in inputs.fail_on and severities & {"error", "warning"})
    )


def main() -> int:
    inputs = Inputs.from_env(dict(os.environ))
    outcome = Outcome()
    run_check(inputs, outcome)
    run_diff(inputs, outcome)
    run_replay(inputs, outcome)
    text = summary(inputs, outcome)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    breaking = is_breaking(outcome)
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as handle:
            handle.write(f"findings={len(outcome.findings)}\nbreaking={'true' if breaking else 'false'}\n"
                         f"sarif={inputs.sarif}\n")
    for problem in outcome.check_errors + outcome.diff_errors:
        print(f"::error::{problem}")
    return 1 if should_fail(inputs, outcome) else 0


if __name__ == "__main__":
    raise SystemExit(main())
