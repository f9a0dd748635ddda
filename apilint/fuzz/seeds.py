"""Recorded exchanges as explicit fuzz examples (``--recordings DIR``): real traffic first, then generated.

Records of the wrong shape are skipped (``recording.validate``); redacted request values are filled
as replay fills them (``replay.redacted``), credential headers are left to ``--header``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from apilint.recording.paths import compile_template
from apilint.recording.reader import read_recordings
from apilint.recording.validate import exchange_problem
from apilint.replay.redacted import Filler, is_redacted


def seed_cases(folder: str, operations: list[Any], skipped: list[str], filler: Filler) -> dict[str, list[Any]]:
    """operation label -> explicit cases built from recorded requests that match it (recorded paths are
    percent-encoded; path parameters are given decoded, as ``Target.url`` encodes them once)."""
    routes = [(op, compile_template(op.path)) for op in operations]
    out: dict[str, list[Any]] = {}
    reader = read_recordings(folder)
    for where, record in reader.located():
        problem = exchange_problem(record)
        if problem:
            skipped.append(f"{where}: {problem}")
            continue
        req = record["request"]
        method, path = req["method"].lower(), req["path"]
        for op, template in routes:
            variables = template.match(path)
            if op.method.lower() != method or variables is None:
                continue
            declared = {p.name.lower(): p.name for p in op.iter_parameters() if p.location.value == "header"}
            headers = {declared[k]: v for k, v in req.get("headers") or [] if k in declared and not is_redacted(v)}
            query: dict[str, Any] = {}
            for name, value in req.get("query") or []:
                query[name] = filler.text(value, name)
            kwargs: dict[str, Any] = {"path_parameters": {k: filler.text(unquote(v), k) for k, v in variables.items()},
                                      "headers": headers or None, "query": query or None}
            if req.get("body") is not None:
                kwargs["body"] = filler.value(req["body"])
                kwargs["media_type"] = "application/json"
            out.setdefault(op.label, []).append(op.Case(**kwargs))
            break
    skipped.extend(reader.problems)
    return out
