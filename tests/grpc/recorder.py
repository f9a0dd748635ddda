"""Recordings of gRPC calls made without the proxy: each call goes to a running build through
``client.Caller`` and is written as an exchange record in the documented shape (docs/recording-format.md,
"gRPC calls"), so contracts and replay can be tested on their own."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from apilint.grpc import record
from apilint.grpc.client import Caller
from apilint.grpc.descriptors import Services
from apilint.recording.format import timestamp

Call = tuple[str, Any, list[tuple[str, str]]]  # (RPC path, request message or list of them, metadata)


def exchange(services: Services, caller: Caller, path: str, request: Any,
             metadata: list[tuple[str, str]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """One call made and recorded."""
    method = services.method(path)
    assert method is not None, path
    requests = record.messages(request, record.request_streams(method.streaming))
    started = time.time()
    outcome = caller.call(method, requests, list(metadata))
    return {
        "v": 1, "kind": "exchange", "id": uuid.uuid4().hex, "ts": timestamp(started),
        "duration_ms": round((time.time() - started) * 1000, 3), "operation": path,
        "request": {"method": "POST", "path": path, "query": [], "headers": [[k, v] for k, v in metadata],
                    "content_type": record.CONTENT_TYPE, "body": request, "body_text": None, "body_note": None},
        "response": {"status": 200, "headers": [[k, v] for k, v in outcome.headers],
                     "content_type": record.CONTENT_TYPE,
                     "body": record.body(outcome.responses, record.response_streams(method.streaming)),
                     "body_text": None, "body_note": None},
        "violations": [], "redacted": [],
        "grpc": record.call(method.service, method.name, method.streaming, outcome.code, outcome.message,
                            outcome.details, outcome.trailers),
    }


def record_calls(services: Services, address: str, calls: Iterable[Call], out: Path,
                 redact: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Make ``calls`` in order against ``address`` and write them to ``out/grpc.jsonl``; ``redact`` edits
    each record before it is written (as the proxy's redaction would)."""
    out.mkdir(parents=True, exist_ok=True)
    records = []
    with Caller(address) as caller:
        for path, request, metadata in calls:
            found = exchange(services, caller, path, request, metadata)
            if redact:
                redact(found)
            records.append(found)
            time.sleep(0.002)  # distinct timestamps: replay orders records by ``ts``
    (out / "grpc.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return records
