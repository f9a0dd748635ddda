"""Baselines: record today's findings so a legacy API only sees new ones.

A finding is identified by rule, file and pointer (not line: edits above it must not revive it),
counted so that a second identical finding at the same place is still new.
"""

from __future__ import annotations

import json
from collections import Counter

from apilint.engine.findings import Finding
from apilint.errors import InputError, cwd_relative, shown_path
from apilint.outfile import write_text


def _key(finding: Finding) -> str:
    return f"{finding.rule}\x00{cwd_relative(finding.file)}\x00{finding.pointer}"


def write_baseline(path: str, findings: list[Finding]) -> None:
    entries = sorted(({"rule": f.rule, "file": cwd_relative(f.file), "pointer": f.pointer} for f in findings),
                     key=lambda e: (e["file"], e["pointer"], e["rule"]))
    write_text(path, json.dumps({"apilint_baseline": 1, "findings": entries}, indent=1) + "\n", "baseline")


def read_baseline(path: str) -> Counter[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise InputError("baseline file not found", shown_path(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not an apilint baseline file: invalid JSON: {exc.msg}", shown_path(path), exc.lineno,
                         exc.colno) from None
    except RecursionError:
        raise InputError("not an apilint baseline file: nested too deeply", shown_path(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the baseline: {exc.strerror or exc}", shown_path(path)) from None
    except ValueError as exc:  # not UTF-8
        raise InputError(f"not an apilint baseline file: {exc}", shown_path(path)) from None
    entries = data.get("findings") if isinstance(data, dict) else None
    fields = ("rule", "file", "pointer")
    if not (isinstance(entries, list) and all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in fields)
                                              for e in entries)):
        raise InputError("not an apilint baseline file: expected {\"findings\": [{\"rule\", \"file\", "
                         "\"pointer\"}, ...]}", shown_path(path))
    return Counter(f"{e['rule']}\x00{e['file']}\x00{e['pointer']}" for e in entries)


def filter_new(findings: list[Finding], baseline: Counter[str]) -> list[Finding]:
    remaining = Counter(baseline)
    new = []
    for finding in findings:
        key = _key(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new
