"""The traffic report for a terminal: coverage per tag and operation, then each drift finding."""

from __future__ import annotations

from typing import Any

from apilint.report.plain import printable


def _seen(entry: dict[str, Any]) -> str:
    if not entry.get("first_seen"):
        return ""
    return f" first {entry['first_seen']}, last {entry['last_seen']}"


def statuses(op: dict[str, Any]) -> str:
    """``200: 4, 404: 1``: the statuses an operation answered, with their counts."""
    return ", ".join(f"{s}: {n}" for s, n in op["statuses_seen"].items())


def coverage_lines(cov: dict[str, Any]) -> list[str]:
    lines = [f"coverage: {cov['exercised']}/{cov['documented']} operations exercised ({cov['percent']}%), "
             f"{cov['calls']} calls"]
    for tag in cov["tags"]:
        lines.append(f"  {tag['tag']}: {tag['exercised']}/{tag['documented']} operations, {tag['calls']} calls")
    for op in cov["operations"]:
        lines.append(f"  {op['operation']}: {op['calls']} calls ({statuses(op) or 'never called'})")
        for key, label in (("statuses_never_seen", "statuses never seen"),
                           ("parameters_never_seen", "parameters never sent"),
                           ("request_fields_never_seen", "request fields never sent"),
                           ("response_fields_never_seen", "response fields never received")):
            if op["calls"] and op.get(key):
                lines.append(f"      {label}: {', '.join(op[key])}")
    return lines


def drift_lines(drift: list[dict[str, Any]]) -> list[str]:
    lines = []
    for entry in drift:
        where = f"{entry['file']}:{entry['line']}: " if entry.get("file") and entry.get("line") else ""
        lines.append(f"{where}{entry['level']} [{entry['kind']}] {entry['message']}")
        if entry.get("operations") and entry["kind"] not in ("undocumented-endpoint", "undocumented-status"):
            lines.append(f"    in {', '.join(entry['operations'])}")
        if entry.get("first_seen"):
            lines.append(f"    seen{_seen(entry)}")
        example = entry.get("example")
        if example:
            lines.append(f"    e.g. {example['request']} -> {example['status']}: {example['value']}")
    return lines


def render(doc: dict[str, Any]) -> str:
    lines = [f"traffic report: {doc['records']} records against {doc['spec']}", ""]
    lines += coverage_lines(doc["coverage"])
    lines.append("")
    drift = doc["drift"]
    info = len(drift) - doc["summary"]["drift"]
    lines.append(f"drift: {doc['summary']['drift']} finding(s)" + (f", {info} for information" if info else "")
                 + ("" if drift else ": traffic matches the spec"))
    lines += drift_lines(drift)
    if doc.get("patch"):
        lines += ["", f"patch: {doc['patch']['operations']} operation(s) written to {doc['patch']['file']}"]
    lines += [f"note: {note}" for note in doc["notes"]]
    return "\n".join(printable(line) for line in lines) + "\n"
