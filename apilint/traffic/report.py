"""The traffic report: the records read once, through the recording reader, into the JSON document every
format renders (its keys are a stable contract, docs/traffic.md)."""

from __future__ import annotations

from typing import Any

from apilint.errors import InputError, shown_path
from apilint.recording.reader import read_recordings
from apilint.traffic.aggregate import Aggregate
from apilint.traffic.coverage import coverage
from apilint.traffic.drift import drift
from apilint.traffic.spec import TrafficSpec, load_api


def aggregate(recordings: list[str], spec_path: str) -> tuple[Aggregate, list[str]]:
    """The records of every recording folded against the spec, and the problems the reader skipped."""
    agg = Aggregate(TrafficSpec(load_api(spec_path)))
    problems: list[str] = []
    for source in recordings:
        reader = read_recordings(source)
        if not reader.files:  # a mistyped folder must not read as "traffic matches the spec"
            raise InputError("holds no recordings (*.jsonl segments, *.har files or mitmproxy flow dumps)",
                             shown_path(source))
        agg.add_all(reader)
        problems.extend(reader.problems)
    return agg, problems


def document(agg: Aggregate, recordings: list[str], problems: list[str]) -> dict[str, Any]:
    findings = drift(agg)
    notes = []
    if agg.other_protocol:
        other = "HTTP" if agg.spec.is_proto else "gRPC"
        notes.append(f"{agg.other_protocol} {other} record(s) left out: the spec describes "
                     f"{'gRPC' if agg.spec.is_proto else 'HTTP'} only")
    if agg.unusable:
        notes.append(f"{agg.unusable} record(s) left out: not an exchange of the recording format's shape")
    if agg.dropped:
        notes.append(f"{agg.dropped} observation(s) of further distinct findings not kept (limit reached)")
    if problems:
        notes.append(f"{len(problems)} line(s) skipped: {problems[0]}" + (" ..." if len(problems) > 1 else ""))
    by_kind: dict[str, int] = {}
    for entry in findings:
        by_kind[entry["kind"]] = by_kind.get(entry["kind"], 0) + 1
    return {
        "spec": agg.spec.api.file,
        "recordings": recordings,
        "records": agg.records,
        "coverage": coverage(agg),
        "drift": findings,
        "summary": {"drift": sum(1 for e in findings if e["level"] != "info"), "by_kind": by_kind},
        "notes": notes,
    }
