"""Pacts written by hand in the shape pact-js / pact-python emit (V3 and V4), for the example service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ORDER = {"customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2}]}
UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def v3_pact() -> dict[str, Any]:
    return {
        "consumer": {"name": "shop-web"}, "provider": {"name": "orders"},
        "interactions": [{
            "description": "create an order",
            "providerStates": [{"name": "no orders", "params": {}}],
            "request": {"method": "POST", "path": "/v1/orders", "headers": {"Content-Type": "application/json"},
                        "body": ORDER},
            "response": {
                "status": 201, "headers": {"Content-Type": "application/json"},
                "body": {"order_id": "0b6f8a8e-2b0b-4d55-9c1a-1f0c9a6d3b11", "status": "PENDING", "total_items": 2,
                         "items": [{"product_id": "p-1", "quantity": 2}], "created_at": "2026-01-01T00:00:00Z"},
                "matchingRules": {"body": {
                    "$.order_id": {"matchers": [{"match": "regex", "regex": UUID_RE}], "combine": "AND"},
                    "$.total_items": {"matchers": [{"match": "integer"}], "combine": "AND"},
                    "$.items": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
                    "$.created_at": {"matchers": [{"match": "type"}], "combine": "AND"}}}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}, "pact-js": {"version": "12.1.0"}}}


def v4_pact() -> dict[str, Any]:
    return {
        "consumer": {"name": "shop-app"}, "provider": {"name": "orders"},
        "interactions": [{
            "type": "Synchronous/HTTP", "key": "a1", "pending": False,
            "description": "create an order, any success status",
            "providerStates": [{"name": "no orders"}],
            "request": {"method": "POST", "path": "/v1/orders",
                        "headers": {"Content-Type": ["application/json"]},
                        "body": {"content": ORDER, "contentType": "application/json", "encoded": False}},
            "response": {
                "status": 201, "headers": {"Content-Type": ["application/json"]},
                "body": {"content": {"order_id": "0b6f8a8e-2b0b-4d55-9c1a-1f0c9a6d3b11", "status": "PENDING"},
                         "contentType": "application/json", "encoded": False},
                "matchingRules": {
                    "status": {"$": {"matchers": [{"match": "statusCode", "status": "success"}]}},
                    "body": {"$.order_id": {"matchers": [{"match": "regex", "regex": UUID_RE}]},
                             "$.status": {"matchers": [{"match": "regex", "regex": "PENDING|PAID"}]}}}}},
            {"type": "Asynchronous/Messages", "key": "m1", "description": "order created event",
             "contents": {"content": {"order_id": "x"}}}],
        "metadata": {"pactSpecification": {"version": "4.0"}, "pactRust": {"ffi": "0.4.22"}}}


def write(folder: Path, name: str, pact: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(pact, indent=2), encoding="utf-8")
    return path
