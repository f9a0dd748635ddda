"""Replay, fuzz and merged shard results as the output layer's neutral report.

The results stay plain dicts (``report()`` builds the JSON document) so shard outputs merge without the live
objects; ``run_report()`` reads such a document into cases for the writers."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from apilint.report.model import Case, Item, Report


def report(results: list[dict[str, Any]], tool: str, **extra: Any) -> dict[str, Any]:
    """``not_run`` in ``extra`` (fuzz): what a time budget left out. It is neither passing nor breaking:
    counted in the summary and listed, never a result."""
    outcomes = Counter(r["outcome"] for r in results)
    summary = {"total": len(results), "pass": outcomes["pass"], "warning": outcomes["warning"],
               "breaking": outcomes["breaking"], "noise": sum(r.get("noise", 0) for r in results)}
    if "not_run" in extra:
        summary["not_run"] = len(extra["not_run"])
    return {"breaking": outcomes["breaking"] > 0, "tool": tool, "summary": summary, **extra, "results": results}


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


def _item(d: dict[str, Any]) -> Item:
    detail = ""
    if d.get("expected") is not None or d.get("actual") is not None:
        detail = f" expected {_short(d.get('expected'))}, got {_short(d.get('actual'))}"
    return Item(kind=d["kind"], level=d["severity"], message=d["message"], where=d["where"], detail=detail)


def _case(r: dict[str, Any]) -> Case:
    return Case(name=f"{r['method']} {r['path']}" + (f" ({r['name']})" if r.get("name") else ""),
                outcome=r["outcome"], source=r.get("source", ""), items=tuple(_item(d) for d in r["differences"]),
                reproduce=r.get("curl") or "", seconds=r.get("elapsed_ms", 0) / 1000,
                group=f"{r.get('consumer') or '?'} → {r.get('provider') or '?'}"
                if r.get("consumer") or r.get("provider") else "")


def run_report(data: dict[str, Any]) -> Report:
    s = data["summary"]
    summary = (f"{data['tool']}: {s['total']} checked, {s['pass']} passed, {s['warning']} with warnings, "
               f"{s['breaking']} breaking" + (f", {s['noise']} noisy values ignored" if s.get("noise") else "")
               + (f", {s['not_run']} not run (time budget spent)" if s.get("not_run") else ""))
    cases = [_case(r) for r in data["results"]]
    return Report(shape="cases", tool=data["tool"], summary=summary, document=data, cases=cases,
                  items=[i for c in cases for i in c.items],
                  notes=[f"skipped {note}" for note in data.get("skipped") or []]
                  + [f"not run: {label}" for label in data.get("not_run") or []])


def write_run(data: dict[str, Any], fmt: str, output: str | None = None) -> int:
    """Write a replay/fuzz/merged report; the exit code is 1 when something broke."""
    from apilint.report import write

    write(run_report(data), fmt, output)
    return 1 if data["breaking"] else 0
