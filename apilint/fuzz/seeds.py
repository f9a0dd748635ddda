"""Recorded exchanges as explicit fuzz examples (``--recordings DIR``): real traffic first, then generated."""

from __future__ import annotations

from typing import Any

from apilint.recording.paths import compile_template
from apilint.recording.reader import read_recordings


def seed_cases(folder: str, operations: list[Any], skipped: list[str]) -> dict[str, list[Any]]:
    """operation label -> explicit cases built from recorded requests that match it."""
    routes = [(op, compile_template(op.path)) for op in operations]
    out: dict[str, list[Any]] = {}
    reader = read_recordings(folder)
    for record in reader:
        req = record.get("request") or {}
        method, path = str(req.get("method", "")).lower(), str(req.get("path", ""))
        for op, template in routes:
            variables = template.match(path)
            if op.method.lower() != method or variables is None:
                continue
            declared = {p.name.lower(): p.name for p in op.iter_parameters() if p.location.value == "header"}
            headers = {declared[k]: v for k, v in req.get("headers") or [] if k in declared
                       and not str(v).startswith("<redacted")}
            query: dict[str, Any] = {}
            for name, value in req.get("query") or []:
                query[name] = value
            kwargs: dict[str, Any] = {"path_parameters": variables,
                                      "headers": headers or None, "query": query or None}
            if req.get("body") is not None:
                kwargs["body"] = req["body"]
                kwargs["media_type"] = "application/json"
            out.setdefault(op.label, []).append(op.Case(**kwargs))
            break
    skipped.extend(reader.problems)
    return out
