"""What a mock run did, for consumer CI: interactions used (how often), never used, and every miss.

Served at ``GET /__apilint/journal``, printed at exit (a summary on stderr, the JSON with
``--journal FILE``). With ``--procs N`` each process keeps its own; at exit the first process merges
them (``merge``).
"""

from __future__ import annotations

from typing import Any

from apilint.mock.routes import Route

MAX_MISSES = 1000  # misses kept in full; the count goes on


class Journal:
    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes
        self.used = [0] * len(routes)
        self.misses: list[dict[str, Any]] = []
        self.miss_count = 0

    def miss(self, report: dict[str, Any]) -> None:
        self.miss_count += 1
        if len(self.misses) < MAX_MISSES:
            self.misses.append(report)

    def to_dict(self) -> dict[str, Any]:
        entries = [{"name": r.interaction.name, "source": r.interaction.source, "method": r.method,
                    "path": r.interaction.path, "hits": n} for r, n in zip(self.routes, self.used, strict=True)]
        return summarise([e for e in entries if e["hits"]], [e for e in entries if not e["hits"]],
                         self.misses, self.miss_count)


def summarise(used: list[dict[str, Any]], unused: list[dict[str, Any]], misses: list[dict[str, Any]],
              miss_count: int) -> dict[str, Any]:
    return {"summary": {"interactions": len(used) + len(unused), "used": len(used), "unused": len(unused),
                        "hits": sum(e["hits"] for e in used), "misses": miss_count},
            "used": used, "unused": unused, "misses": misses}


def merge(journals: list[dict[str, Any]]) -> dict[str, Any]:
    """One journal of several processes serving the same interactions."""
    hits: dict[str, int] = {}
    entries: dict[str, dict[str, Any]] = {}
    misses: list[dict[str, Any]] = []
    count = 0
    for journal in journals:
        for entry in journal["used"] + journal["unused"]:
            key = f"{entry['source']}#{entry['name']}"
            entries.setdefault(key, entry)
            hits[key] = hits.get(key, 0) + entry["hits"]
        misses.extend(journal["misses"])
        count += journal["summary"]["misses"]
    merged = [{**entry, "hits": hits[key]} for key, entry in entries.items()]
    return summarise([e for e in merged if e["hits"]], [e for e in merged if not e["hits"]],
                     misses[:MAX_MISSES], count)


def summary_line(journal: dict[str, Any]) -> str:
    s = journal["summary"]
    return (f"apilint mock: {s['hits']} hits, {s['misses']} misses; {s['used']} of {s['interactions']} "
            f"interactions used, {s['unused']} never used")
