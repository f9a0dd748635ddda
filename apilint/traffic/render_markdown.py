"""The traffic report as Markdown (a PR comment or a job summary)."""

from __future__ import annotations

from typing import Any

from apilint.report.markdown import bounded, cell, table
from apilint.traffic.render_text import statuses


def render(doc: dict[str, Any]) -> str:
    cov = doc["coverage"]
    lines = ["## apilint traffic report", "",
             f"**{cov['exercised']}/{cov['documented']}** operations of `{cell(doc['spec'])}` exercised "
             f"({cov['percent']}%) by {doc['records']} records; **{doc['summary']['drift']}** drift finding(s).", ""]
    lines += ["### Coverage by tag", ""]
    lines += table(["tag", "exercised", "documented", "calls"],
                   [[cell(t["tag"]), str(t["exercised"]), str(t["documented"]), str(t["calls"])] for t in cov["tags"]])
    lines += ["", "### Operations", ""]
    lines += table(["operation", "calls", "statuses seen", "never seen"],
                   [[f"`{cell(o['operation'])}`", str(o["calls"]),
                     cell(statuses(o)),
                     cell(", ".join(o["statuses_never_seen"]))] for o in cov["operations"]])
    lines += ["", "### Drift", ""]
    if not doc["drift"]:
        lines.append("None: the traffic matches the spec.")
    else:
        rows = []
        for e in doc["drift"]:
            where = f"{e['file']}:{e['line']}" if e.get("file") and e.get("line") else ""
            example = e.get("example") or {}
            rows.append([cell(e["kind"]), cell(e["message"]), str(e["count"]), cell(e.get("last_seen") or ""),
                         cell(where), f"`{cell(example.get('request', ''))}`" if example else ""])
        lines += bounded(table(["kind", "finding", "count", "last seen", "spec", "example"], rows))
    for note in doc["notes"]:
        lines += ["", f"> {cell(note)}"]
    return "\n".join(lines) + "\n"
