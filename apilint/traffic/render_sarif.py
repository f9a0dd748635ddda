"""The drift findings as SARIF 2.1.0 on the spec's lines, through the shared SARIF writer."""

from __future__ import annotations

from typing import Any

from apilint.report import sarif
from apilint.report.model import Item, Kind, Location, Report
from apilint.traffic.drift import KINDS


def to_report(doc: dict[str, Any]) -> Report:
    items = []
    for entry in doc["drift"]:
        location = None
        if entry.get("file"):
            location = Location(entry["file"], entry.get("line") or 0, entry.get("column") or 0,
                                entry.get("pointer") or "")
        fingerprint = f"{entry['kind']}:{entry.get('pointer') or ''}:{entry.get('operation') or entry.get('field')}"
        items.append(Item(entry["kind"], entry["level"], entry["message"], location,
                          where=entry.get("operation") or entry.get("field") or "", fingerprint=fingerprint))
    kinds = {k: Kind(k, title, level, ("traffic",), rationale, fix)
             for k, (title, level, rationale, fix) in KINDS.items()}
    summary = f"{doc['summary']['drift']} drift finding(s)"
    return Report("findings", "traffic", summary, doc, items=items, kinds=kinds, notes=list(doc["notes"]))


def render(doc: dict[str, Any]) -> str:
    return sarif.render(to_report(doc))
