"""Workspace.resolve_ref answers a (file, $ref) pair from memory after the first time: the answers must
stay those of resolving it afresh."""

from __future__ import annotations

from pathlib import Path

from apilint.load.workspace import Resolved, Workspace

_ROOT = """openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    A: {$ref: 'other.yaml#/B'}
    C: {$ref: 'other.yaml#/Nope'}
"""


def test_a_known_ref_reads_the_node_now_there_and_reports_each_broken_use(tmp_path: Path):
    (tmp_path / "openapi.yaml").write_text(_ROOT)
    (tmp_path / "other.yaml").write_text("B: {type: object}\n")
    ws = Workspace(str(tmp_path / "openapi.yaml"))
    first = ws.resolve_ref("other.yaml#/B", ws.root, "/components/schemas/A")
    assert first is not None and first.value == {"type": "object"}
    ws.normalise(first, {"type": "object", "normalised": True})
    again = ws.resolve_ref("other.yaml#/B", ws.root, "/elsewhere")
    assert isinstance(again, Resolved) and again.source is first.source and again.value["normalised"] is True
    for at in ("/components/schemas/C", "/x"):
        assert ws.resolve_ref("other.yaml#/Nope", ws.root, at) is None
    assert [(p.rule, p.pointer) for p in ws.problems] == [
        ("ref-unresolved", "/components/schemas/C/$ref"), ("ref-unresolved", "/x/$ref")]


def test_an_unreadable_file_is_reported_at_every_ref_to_it(tmp_path: Path):
    (tmp_path / "openapi.yaml").write_text(_ROOT)
    ws = Workspace(str(tmp_path / "openapi.yaml"))
    for at in ("/a", "/b"):
        assert ws.resolve_ref("missing.yaml#/B", ws.root, at) is None
    assert [(p.rule, p.pointer) for p in ws.problems] == [("ref-unresolved", "/a/$ref"), ("ref-unresolved", "/b/$ref")]
