"""Recorded exchanges as explicit fuzz examples (``--recordings DIR``): real traffic first, then generated."""

from __future__ import annotations

import re
from typing import Any

from apilint.contract.recordings import read_recordings


def _template_regex(template: str) -> tuple[re.Pattern[str], list[str]]:
    names = re.findall(r"\{([^/}]+)\}", template)
    pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "([^/]+)", re.escape(template)) + "$"
    return re.compile(pattern), names


def seed_cases(folder: str, operations: list[Any], skipped: list[str]) -> dict[str, list[Any]]:
    """operation label -> explicit cases built from recorded requests that match it."""
    routes = [(op, *_template_regex(op.path)) for op in operations]
    out: dict[str, list[Any]] = {}
    reader = read_recordings(folder)
    for record in reader:
        req = record.get("request") or {}
        method, path = str(req.get("method", "")).lower(), str(req.get("path", ""))
        for op, regex, names in routes:
            match = regex.match(path)
            if op.method.lower() != method or not match:
                continue
            declared = {p.name.lower(): p.name for p in op.iter_parameters() if p.location.value == "header"}
            headers = {declared[k]: v for k, v in req.get("headers") or [] if k in declared
                       and not str(v).startswith("<redacted")}
            query: dict[str, Any] = {}
            for name, value in req.get("query") or []:
                query[name] = value
            kwargs: dict[str, Any] = {"path_parameters": dict(zip(names, match.groups(), strict=True)),
                                      "headers": headers or None, "query": query or None}
            if req.get("body") is not None:
                kwargs["body"] = req["body"]
                kwargs["media_type"] = "application/json"
            out.setdefault(op.label, []).append(op.Case(**kwargs))
            break
    skipped.extend(reader.problems)
    return out
