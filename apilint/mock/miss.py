"""A miss under ``--on-miss fail``: status 598 and a problem+json body naming the nearest recorded
interaction and exactly what differed (docs/mock.md, "Misses").

Why 598: no API answers it (it is not registered with IANA, no OpenAPI document declares it, and
nothing in a recording can hold it unless a proxy invented it), so a consumer test can never take a
miss for the API's own 404 or 501 and pass by accident; it is a 5xx, so every client treats it as a
failure. A 404 would be the classic choice (WireMock), and it is exactly the answer a consumer may
expect from the real API.
"""

from __future__ import annotations

from typing import Any

import orjson

from apilint.contract.mismatch import Mismatch
from apilint.mock.request import Request
from apilint.mock.routes import Route
from apilint.mock.wire import MISS, message

MISS_STATUS = 598
PROBLEM_TYPE = "urn:apilint:mock:miss"


def miss_report(req: Request, nearest: Route | None, differences: list[Mismatch]) -> dict[str, Any]:
    """What the journal keeps of a miss, and the problem body says."""
    found: dict[str, Any] = {"request": req.to_dict()}
    if nearest is not None:
        it = nearest.interaction
        found["nearest"] = {"name": it.name, "source": it.source, "method": it.method, "path": it.path,
                            "differences": [d.to_dict() for d in differences[:20]]}
    return found


def miss_detail(req: Request, report: dict[str, Any]) -> str:
    """One line: the nearest interaction and what differed (the problem's ``detail``, a gRPC miss's message)."""
    nearest = report.get("nearest")
    if nearest is None:
        return f"{req.method} {req.path}: the mock serves no interaction"
    what = "; ".join(f"{d['where']}: {d['message']} (expected {d['expected']!r}, got {d['actual']!r})"
                     for d in nearest["differences"][:5])
    return f"{req.method} {req.path}: nearest is {nearest['name']!r} ({nearest['source']}): {what or 'no difference'}"


def miss_answer(req: Request, report: dict[str, Any]) -> tuple[bytes, bytes]:
    body = {"type": PROBLEM_TYPE, "title": "no recorded interaction matches this request",
            "status": MISS_STATUS, "detail": miss_detail(req, report), **report}
    return message(MISS_STATUS, [("content-type", "application/problem+json")], orjson.dumps(body), MISS)
