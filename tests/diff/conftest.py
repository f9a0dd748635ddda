from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED


def shared_dir() -> Path:
    return SHARED


BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1.0.0"},
    "paths": {
        "/orders/{orderId}": {
            "get": {
                "operationId": "getOrder",
                "parameters": [
                    {"name": "orderId", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "expand", "in": "query", "schema": {"type": "string", "enum": ["items", "customer"]}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Order"}}}},
                    "400": {"description": "bad", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
        },
        "/orders": {
            "post": {
                "operationId": "createOrder",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}}},
                "responses": {"201": {"description": "created", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Order"}}}}},
            },
        },
    },
    "components": {
        "schemas": {
            "Order": {"type": "object", "required": ["id", "status"], "properties": {
                "id": {"type": "string"},
                "status": {"type": "string", "enum": ["open", "paid"]},
                "note": {"type": "string"},
            }},
            "NewOrder": {"type": "object", "required": ["sku"], "properties": {
                "sku": {"type": "string", "maxLength": 64},
                "quantity": {"type": "integer", "minimum": 1, "default": 1},
                "coupon": {"type": "string"},
            }},
            "Error": {"type": "object", "properties": {"code": {"type": "string", "enum": ["not_found", "invalid"]}}},
        },
    },
}


@pytest.fixture
def spec_pair(tmp_path: Path):
    """Write BASE as old.json and an edited copy as new.json; returns (old, new, edited-dict-factory)."""

    def make(edit=None, old_edit=None) -> tuple[str, str]:
        old, new = copy.deepcopy(BASE), copy.deepcopy(BASE)
        if old_edit:
            old_edit(old)
        if edit:
            edit(new)
        (tmp_path / "old.json").write_text(json.dumps(old, indent=2))
        (tmp_path / "new.json").write_text(json.dumps(new, indent=2))
        return str(tmp_path / "old.json"), str(tmp_path / "new.json")

    return make
