"""A recording of real calls to a gRPC service, written as ``apilint proxy --upstream grpc://`` writes one
(docs/recording-format.md, "gRPC calls"), made by calling the service with ``client.Caller``: tests build
what they serve or replay from it without the proxy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from apilint.grpc import record
from apilint.grpc.client import Caller, Outcome
from apilint.grpc.descriptors import Services

Call = tuple[str, list[dict[str, Any]]]  # ("/pkg.Svc/Method", request messages)


def exchange(n: int, path: str, requests: list[dict[str, Any]], outcome: Outcome, services: Services) -> dict[str, Any]:
    method = services.method(path)
    assert method is not None
    streaming = method.streaming
    return {
        "v": 1, "kind": "exchange", "id": f"r{n}", "ts": f"2026-12-06T00:00:{n:02d}.000Z", "duration_ms": 1.0,
        "operation": path,
        "request": {"method": "POST", "path": path, "query": [], "headers": [["content-type", "application/grpc"]],
                    "content_type": record.CONTENT_TYPE, "body": record.body(requests, record.request_streams(streaming)),
                    "body_text": None, "body_note": None},
        "response": {"status": 200, "headers": [["content-type", "application/grpc"], *outcome.headers],
                     "content_type": record.CONTENT_TYPE,
                     "body": record.body(outcome.responses, record.response_streams(streaming)),
                     "body_text": None, "body_note": None},
        "violations": [], "redacted": [],
        "grpc": record.call(method.service, method.name, streaming, outcome.code, outcome.message, outcome.details,
                            outcome.trailers),
    }


def record_calls(address: str, services: Services, calls: list[Call], out: Path) -> list[Outcome]:
    """Call the service at ``address``; write one record per call to ``out`` (a .jsonl file); the outcomes."""
    outcomes = []
    with Caller(address) as caller, out.open("w", encoding="utf-8") as fh:
        for n, (path, requests) in enumerate(calls):
            method = services.method(path)
            assert method is not None
            outcome = caller.call(method, requests)
            outcomes.append(outcome)
            fh.write(json.dumps(exchange(n, path, requests, outcome, services)) + "\n")
    return outcomes
