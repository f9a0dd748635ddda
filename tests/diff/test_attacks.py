"""Hostile specs on the comparer's side: deep nesting, fan-out of shared schemas, files that are no
OpenAPI document. Each ends in one line naming the file, exit 2 (issue 15, "Attacks")."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from apilint.diff.openapi.limits import MAX_SCHEMA_DEPTH


def _spec(schemas: dict, leaf: str) -> dict:
    schemas = {**schemas, "Leaf": {"type": leaf}}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
            "components": {"schemas": schemas}}


def _ref(i: int, n: int) -> dict:
    return {"$ref": f"#/components/schemas/{'Leaf' if i + 1 == n else f'S{i + 1}'}"}


def chain(n: int, via: str) -> dict[str, dict]:
    """S0 -> S1 -> ... -> Leaf, each step through ``via`` (a property, items or allOf)."""
    shapes = {"property": lambda i: {"type": "object", "properties": {"a": _ref(i, n)}},
              "items": lambda i: {"type": "array", "items": _ref(i, n)},
              "allOf": lambda i: {"allOf": [_ref(i, n)]}}
    return {f"S{i}": shapes[via](i) for i in range(n)}


def fan_out(n: int) -> dict[str, dict]:
    """S0 has two properties referring to S1, S1 two referring to S2...: 2^n paths reach Leaf."""
    return {f"S{i}": {"type": "object", "properties": {"a": _ref(i, n), "b": _ref(i, n)}} for i in range(n)}


def write_pair(tmp_path: Path, schemas: dict) -> tuple[str, str]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_spec(schemas, "string")))
    new.write_text(json.dumps(_spec(schemas, "integer")))
    return str(old), str(new)


def assert_one_line(done, name: str, words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert name in done.stderr and words in done.stderr and "breaking" not in done.stdout


@pytest.mark.parametrize("via", ["property", "items", "allOf"])
def test_deep_ref_nesting_is_one_clear_line(cli, tmp_path, via):
    done = cli("diff", *write_pair(tmp_path, chain(3000, via)))
    assert_one_line(done, "json:", f"nested more than {MAX_SCHEMA_DEPTH} levels")


@pytest.mark.parametrize(("via", "found"), [("property", "response-property-type-changed"),
                                            ("items", "response-property-type-changed"),
                                            ("allOf", "response-body-type-changed")])
def test_nesting_within_the_limit_is_compared(cli, tmp_path, via, found):
    done = cli("diff", *write_pair(tmp_path, chain(MAX_SCHEMA_DEPTH - 10, via)), "--format", "json")
    assert done.returncode == 1, done.stderr
    assert [c["id"] for c in json.loads(done.stdout)["changes"]] == [found]


def test_fan_out_is_bounded_in_time_and_refused_in_one_line(cli, tmp_path):
    started = time.monotonic()
    done = cli("diff", *write_pair(tmp_path, fan_out(25)))
    assert time.monotonic() - started < 20  # was MemoryError after 23 s and 3.9 GB
    assert_one_line(done, "new.json:", "property paths")


def test_moderate_fan_out_is_compared_and_reported_once_at_the_shared_schema(cli, tmp_path):
    done = cli("diff", *write_pair(tmp_path, fan_out(6)), "--format", "json")  # 2^6 paths reach Leaf
    changes = json.loads(done.stdout)["changes"]
    assert done.returncode == 1 and len(changes) == 1
    assert changes[0]["element"] == "#/components/schemas/Leaf" and len(changes[0]["operations"]) == 1


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2]\n", "- a\n- b\n", "title: x\npaths: {}\n"])
@pytest.mark.parametrize("side", ["old", "new"])
def test_a_file_that_is_no_openapi_document_is_an_error(cli, tmp_path, spec_pair, text, side):
    good, _ = spec_pair()
    other = tmp_path / "other.yaml"
    other.write_text(text)
    pair = (str(other), good) if side == "old" else (good, str(other))
    assert_one_line(cli("diff", *pair), "other.yaml:1:1", "not an OpenAPI document")
