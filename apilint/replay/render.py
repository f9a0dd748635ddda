"""Render a replay, fuzz or merged report (a dict with ``breaking`` and ``results``) as text, json,
markdown or junit. Results are plain dicts so shard outputs merge without the live objects."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FORMATS = ("text", "json", "markdown", "junit")


def report(results: list[dict[str, Any]], tool: str, **extra: Any) -> dict[str, Any]:
    outcomes = Counter(r["outcome"] for r in results)
    return {"breaking": outcomes["breaking"] > 0, "tool": tool,
            "summary": {"total": len(results), "pass": outcomes["pass"], "warning": outcomes["warning"],
                        "breaking": outcomes["breaking"],
                        "noise": sum(r.get("noise", 0) for r in results)},
            **extra, "results": results}


def render(data: dict[str, Any], fmt: str) -> str:
    return {"text": _text, "json": _json, "markdown": _markdown, "junit": _junit}[fmt](data)


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, default=str)


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


def _title(r: dict[str, Any]) -> str:
    return f"{r['method']} {r['path']}" + (f" ({r['name']})" if r.get("name") else "")


def _detail(d: dict[str, Any]) -> str:
    line = f"{d['where']}: {d['message']} [{d['kind']}]"
    if d.get("expected") is not None or d.get("actual") is not None:
        line += f" expected {_short(d.get('expected'))}, got {_short(d.get('actual'))}"
    return line


def _text(data: dict[str, Any]) -> str:
    lines = []
    for r in data["results"]:
        if r["outcome"] == "pass":
            continue
        lines.append(f"{r['outcome'].upper():8} {_title(r)}  {r.get('source', '')}")
        for d in r["differences"]:
            lines.append(f"  {d['severity']:8} {_detail(d)}")
        if r.get("curl"):
            lines.append(f"  reproduce: {r['curl']}")
    s = data["summary"]
    lines.append(f"{data['tool']}: {s['total']} checked, {s['pass']} passed, {s['warning']} with warnings, "
                 f"{s['breaking']} breaking" + (f", {s['noise']} noisy values ignored" if s.get("noise") else ""))
    for note in data.get("skipped") or []:
        lines.append(f"skipped {note}")
    return "\n".join(lines)


def _markdown(data: dict[str, Any]) -> str:
    s = data["summary"]
    head = "Breaking changes found" if data["breaking"] else "No breaking changes"
    lines = [f"## apilint {data['tool']}: {head}", "",
             f"{s['total']} checked · {s['pass']} passed · {s['warning']} warnings · {s['breaking']} breaking", ""]
    bad = [r for r in data["results"] if r["outcome"] != "pass"]
    if bad:
        lines += ["| outcome | request | where | difference |", "|---|---|---|---|"]
        for r in bad:
            for d in r["differences"]:
                cell = _detail(d).replace("|", "\\|")
                lines.append(f"| {d['severity']} | `{_title(r)}` | `{d['where']}` | {cell} |")
        curls = [r["curl"] for r in bad if r.get("curl")]
        if curls:
            lines += ["", "Reproduce:", "", "```sh", *curls, "```"]
    return "\n".join(lines)


def _junit(data: dict[str, Any]) -> str:
    s = data["summary"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name={quoteattr("apilint " + data["tool"])} tests="{s["total"]}" '
           f'failures="{s["breaking"]}" errors="0" skipped="0">']
    for r in data["results"]:
        out.append(f'  <testcase classname={quoteattr(r.get("source") or data["tool"])} '
                   f'name={quoteattr(_title(r))} time="{r.get("elapsed_ms", 0) / 1000:.3f}">')
        details = "\n".join(_detail(d) for d in r["differences"])
        if r.get("curl"):
            details += f"\nreproduce: {r['curl']}"
        if r["outcome"] == "breaking":
            first = r["differences"][0]["message"] if r["differences"] else "breaking"
            out.append(f'    <failure message={quoteattr(first)} type="breaking">{escape(details)}</failure>')
        elif r["outcome"] == "warning":
            out.append(f"    <system-out>{escape(details)}</system-out>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out)
