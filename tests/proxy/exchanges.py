"""A ``Captured`` exchange from the loose values the validation tests list (``SpecValidator.exchange``
takes the captured object the writer has)."""

from __future__ import annotations

from apilint.recording.capture import Captured


def captured(method, path, query, req_headers, req_body, req_type, status, resp_headers, resp_body, resp_type,
             violations=None) -> Captured:  # type: ignore[no-untyped-def]
    return Captured(started=0.0, duration_ms=0.0, method=method, path=path, query=query, req_headers=req_headers,
                    req_body=req_body, req_type=req_type, status=status, resp_headers=resp_headers,
                    resp_body=resp_body, resp_type=resp_type, violations=violations)
