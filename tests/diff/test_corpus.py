"""Semantics, not text: a real spec compared with itself and with a copy whose inline schemas were
moved into components (and whose keys were reordered) reports no changes at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from apilint.diff.engine import diff

from .conftest import shared_dir

STRIPE = shared_dir() / "corpus" / "openapi" / "stripe" / "spec3.json"

pytestmark = pytest.mark.skipif(not STRIPE.exists(), reason="shared corpus not present")


def hoist(spec: dict[str, Any]) -> int:
    """Move every inline object schema used by a media type, a parameter or a property of a hoisted schema
    into components/schemas (replaced by a $ref); returns how many were moved."""
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    moved = 0

    def visit_schema(holder: dict, key: str) -> None:
        nonlocal moved
        schema = holder.get(key)
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        for name, prop in list((schema.get("properties") or {}).items()):
            if isinstance(prop, dict) and "properties" in prop:
                visit_schema(schema["properties"], name)
        moved += 1
        name = f"Hoisted{moved}"
        components[name] = schema
        holder[key] = {"$ref": f"#/components/schemas/{name}"}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in list(node.items()):
                if key == "schema" and isinstance(value, dict):
                    visit_schema(node, key)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec["paths"])
    return moved


def reorder(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: reorder(node[k]) for k in reversed(list(node))}
    if isinstance(node, list):
        return [reorder(v) for v in node]
    return node


@pytest.mark.slow
def test_stripe_against_itself_and_a_hoisted_reordered_copy(tmp_path: Path):
    assert diff(str(STRIPE), str(STRIPE)).changes == []
    spec = json.loads(STRIPE.read_text())
    moved = hoist(spec)
    assert moved > 500  # the transformation really changed the document
    copy = tmp_path / "stripe-hoisted.json"
    copy.write_text(json.dumps(reorder(spec)))
    assert copy.read_text() != STRIPE.read_text()
    result = diff(str(STRIPE), str(copy))
    assert [c.message for c in result.changes][:5] == []
    # and the comparison still sees real changes in the transformed copy
    spec["paths"].pop(next(iter(spec["paths"])))
    copy.write_text(json.dumps(spec))
    assert [c.id for c in diff(str(STRIPE), str(copy)).changes if c.level == "breaking"]
