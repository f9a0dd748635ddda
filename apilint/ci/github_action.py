"""The GitHub Action's logic (action.yml calls ``python -m apilint.ci.github_action``).

Inputs come as ``INPUT_*`` environment variables (set by action.yml): it runs ``apilint check``
(SARIF file + log annotations), ``apilint diff --base`` per spec, optionally ``apilint replay``,
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

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Inputs:
        def get(name: str, default: str = "") -> str:
            return env.get(f"INPUT_{name.upper().replace('-', '_')}", default).strip()

        patterns = get("spec").replace(",", " ").split()
        specs: list[str] = []
        for pattern in patterns:
            matches = sorted(glob.glob(pattern, recursive=True))
            specs += matches or [pattern]  # an unmatched name reaches apilint, which reports it
        fail_on = {part.strip() for part in get("fail-on", "breaking,error").split(",") if part.strip()}
        unknown = fail_on - FAIL_ON_CHOICES
        if unknown:
            raise SystemExit(f"apilint action: fail-on: unknown value(s) {sorted(unknown)}; "
                             f"choose from {sorted(FAIL_ON_CHOICES)}")
        return cls(specs=list(dict.fromkeys(specs)), base=get("base"), fail_on=fail_on,
                   sarif=get("sarif", "apilint.sarif"), config=get("config"), recordings=get("recordings"),
                   target=get("target"), replay_args=shlex.split(get("replay-args")))


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
    config = ["--config", inputs.config] if inputs.config else []
    result = apilint("check", *config, "-f", "json", *inputs.specs)
    if result.returncode == 2 or not result.stdout.strip():
        outcome.check_errors.append(result.stderr.strip() or "apilint check failed")
        return
    outcome.findings = json.loads(result.stdout)["findings"]
    apilint("check", *config, "-f", "sarif", "-o", inputs.sarif, *inputs.specs)
    annotations = apilint("check", *config, "-f", "github", *inputs.specs)
    sys.stdout.write(annotations.stdout)


def run_diff(inputs: Inputs, outcome: Outcome) -> None:
    if not inputs.base:
        return
    for spec in inputs.specs:
        if subprocess.run(["git", "cat-file", "-e", f"{inputs.base}:{_git_path(spec)}"],
                          capture_output=True).returncode != 0:
            continue  # a new spec: nothing to compare with
        result = apilint("diff", "--base", inputs.base, "-f", "json", spec)
        if result.returncode == 2 or not result.stdout.strip():
            outcome.diff_errors.append(f"{spec}: {result.stderr.strip() or 'apilint diff failed'}")
            continue
        for change in json.loads(result.stdout)["changes"]:
            outcome.changes.append({**change, "spec": spec})


def _git_path(path: str) -> str:
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
    return os.path.relpath(os.path.abspath(path), top) if top else path


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
