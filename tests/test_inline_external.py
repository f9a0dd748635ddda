"""inline_external: external `$ref`s replaced by their targets, each inlined node's origin kept by its
pointer in the inlined view (escaped like any JSON pointer), refs inside the root file kept."""

from __future__ import annotations

from pathlib import Path

from apilint.load.bundle import inline_external
from apilint.load.workspace import Workspace

_ROOT = """openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /v1/a~b:
    get:
      parameters:
        - {$ref: 'parts.yaml#/Param'}
        - {name: q, in: query, schema: {$ref: '#/components/schemas/Local'}}
      responses:
        '200': {$ref: 'parts.yaml#/Ok'}
components:
  schemas:
    Local: {type: string}
    Broken: {$ref: 'parts.yaml#/Nope'}
"""

_PARTS = """Param: {name: id, in: query, schema: {$ref: '#/Id'}}
Id: {type: string, enum: [a, b]}
Ok:
  description: fine
  content:
    application/json:
      schema: {items: [{$ref: '#/Id'}]}
"""


def test_external_refs_are_inlined_with_escaped_origins(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # files are shown relative to the working folder
    (tmp_path / "openapi.yaml").write_text(_ROOT)
    (tmp_path / "parts.yaml").write_text(_PARTS)
    ws = Workspace(str(tmp_path / "openapi.yaml"))
    document, origins = inline_external(ws)
    get = document["paths"]["/v1/a~b"]["get"]
    assert get["parameters"] == [{"name": "id", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}},
                                 {"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Local"}}]
    assert get["responses"]["200"]["content"]["application/json"]["schema"] == {
        "items": [{"type": "string", "enum": ["a", "b"]}]}
    assert document["components"]["schemas"]["Broken"] == {"$ref": "parts.yaml#/Nope"}
    base = "/paths/~1v1~1a~0b/get"
    assert origins == {
        f"{base}/parameters/0": ("parts.yaml", "/Param"),
        f"{base}/parameters/0/schema": ("parts.yaml", "/Id"),
        f"{base}/responses/200": ("parts.yaml", "/Ok"),
        f"{base}/responses/200/content/application~1json/schema/items/0": ("parts.yaml", "/Id"),
    }
    assert [(p.rule, p.pointer) for p in ws.problems] == [("ref-unresolved", "/components/schemas/Broken/$ref")]
