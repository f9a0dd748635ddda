"""Whether a record read from disk has the shape ``format.ExchangeRecord`` promises.

A recording folder is input like any other (it may be hand-edited, truncated, or planted in a pull
request), so consumers check each exchange once, here, before they use it: a record of the wrong
shape is skipped and counted with its reason (``file:line: ...``), never a traceback. The path must
be one that ``apilint.target`` can send: a record whose path would name another host is wrong too.
"""

from __future__ import annotations

import re
from typing import Any

from apilint.target import path_problem

METHOD = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$")  # an RFC 9110 token


def _pairs_problem(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list):
        return f"{where} is not a list of [name, value] pairs"
    for index, pair in enumerate(value):
        if not (isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            return f"{where}[{index}] is not a [name, value] pair of strings"
    return None


def _optional(side: dict[str, Any], key: str, kind: type, where: str) -> str | None:
    value = side.get(key)
    if value is not None and not isinstance(value, kind):
        return f"{where}.{key} is not a {'string' if kind is str else kind.__name__}"
    return None


def method_problem(method: Any) -> str | None:
    if not isinstance(method, str) or not METHOD.match(method):
        return f"the method {method!r} is not an HTTP method name"
    return None


def exchange_problem(record: dict[str, Any]) -> str | None:
    """Why an exchange record cannot be used, or None when it has the promised shape."""
    for key in ("id", "ts", "operation"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"'{key}' is not a string"
    req, resp = record.get("request"), record.get("response")
    if not isinstance(req, dict):
        return "'request' is not an object"
    if not isinstance(resp, dict):
        return "'response' is not an object"
    status = resp.get("status")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        return f"response.status {status!r} is not an HTTP status code"
    checks = (
        method_problem(req.get("method")),
        path_problem(req.get("path")),
        _pairs_problem(req.get("query"), "request.query"),
        _pairs_problem(req.get("headers"), "request.headers"),
        _pairs_problem(resp.get("headers"), "response.headers"),
        *(_optional(side, key, str, name) for side, name in ((req, "request"), (resp, "response"))
          for key in ("content_type", "body_text")),
        _optional(record, "violations", list, "record"),
        _optional(record, "redacted", list, "record"),
    )
    return next((problem for problem in checks if problem), None)
