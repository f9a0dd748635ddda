"""``apilint mock --spec``: the spec in the mock's request path (docs/mock.md, "With a spec").

- requests the spec refuses get its problem+json (400 naming the fields; with no SOURCE also 404
  for an operation the spec does not have) and count as misses, so a consumer test sending them
  fails honestly;
- with no SOURCE, every other request is answered from the spec (``SpecSide.answer``), a hit;
- ``--on-miss spec``: a request no interaction matches is answered from the spec, a miss.
"""

from __future__ import annotations

from typing import Any

from apilint.mock.miss import miss_answer
from apilint.mock.request import Request
from apilint.mock.spec_side import Answer, SpecSide
from apilint.mock.wire import HIT, MISS, message


def _method(req: Request) -> str:
    return "GET" if req.method == "HEAD" else req.method  # HEAD is GET without the body (the server drops it)


def _reply(answer: Answer, mock: str) -> tuple[bytes, bytes]:
    return message(answer.status, list(answer.headers.items()), answer.body, mock)


class SpecGate:
    def __init__(self, spec: SpecSide, spec_only: bool) -> None:
        self.spec = spec
        self.spec_only = spec_only  # no SOURCE: the spec answers every request it allows

    def refuse(self, req: Request) -> tuple[tuple[bytes, bytes], dict[str, Any]] | None:
        """(the problem+json reply, the journal's report) for a request the spec refuses, else None."""
        refused = self.spec.reject(_method(req), req.path, req.raw_query, req.headers, req.body)
        if refused is None:
            return None
        answer, problems = refused
        if answer.status == 404 and not self.spec_only:
            return None  # an operation the spec lacks: the contracts decide (a stale one was reported)
        return _reply(answer, MISS), {"request": req.to_dict(), "refused_by_spec": problems}

    def answer(self, req: Request) -> tuple[bytes, bytes] | None:
        """The spec's answer as a hit (no SOURCE), or None when no operation matches."""
        found = self.spec.answer(_method(req), req.path, req.raw_query, req.headers, req.body)
        return None if found is None else _reply(found, HIT)

    def on_miss(self, req: Request, report: dict[str, Any]) -> tuple[bytes, bytes]:
        """``--on-miss spec``: the spec's answer (``X-Apilint-Mock: miss``), else the usual miss."""
        found = self.spec.answer(_method(req), req.path, req.raw_query, req.headers, req.body)
        return miss_answer(req, report) if found is None else _reply(found, MISS)
