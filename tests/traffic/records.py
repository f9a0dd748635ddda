"""Synthetic records in the recording format (docs/recording-format.md), for the fast tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def exchange(method: str, path: str, status: int, body: Any = None, *, ts: str = "2026-11-22T10:00:00.000Z",
             request_body: Any = None, query: list[list[str]] | None = None, operation: str | None = None,
             grpc: dict[str, Any] | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "v": 1, "kind": "exchange", "id": f"r-{method}-{path}-{status}-{ts}", "ts": ts, "duration_ms": 1.0,
        "operation": operation,
        "request": {"method": method, "path": path, "query": query or [], "headers": [],
                    "content_type": "application/json" if request_body is not None else None,
                    "body": request_body, "body_text": None, "body_note": None},
        "response": {"status": status, "headers": [], "content_type": "application/json" if body is not None else None,
                     "body": body, "body_text": None, "body_note": None},
        "violations": [], "redacted": [],
    }
    if grpc is not None:
        record["grpc"] = grpc
    return record


def write(folder: Path, records: list[dict[str, Any]]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "live-20261122T100000Z-1-0001.jsonl").open("w") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return str(folder)


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Users", "version": "1"},
    "paths": {
        "/v1/users/{user_id}": {
            "get": {
                "operationId": "getUser", "tags": ["users"],
                "parameters": [{"name": "user_id", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "fields", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/User"}}}}},
            },
        },
        "/v1/health": {"get": {"operationId": "health", "tags": ["ops"], "responses": {"200": {"description": "ok"}}}},
    },
    "components": {"schemas": {"User": {
        "type": "object", "required": ["id", "email", "role"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "email": {"type": "string", "format": "email"},
                       "role": {"type": "string", "enum": ["admin", "member", "guest"]},
                       "nickname": {"type": "string", "nullable": True},
                       "age": {"type": "integer"}}}}},
}

USER = {"id": "8f3c8b1e-3f1a-4c1e-9f7e-1c2b3a4d5e6f", "email": "<redacted:email>", "role": "admin"}
