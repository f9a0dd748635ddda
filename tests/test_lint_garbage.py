"""A lint leaves no reference cycles behind: a cycle holding the workspace would keep every parsed
document alive until the collector's next pass, which then walks all of it (~0.1 s of each edit of a
13 MB spec in `apilint lsp`)."""

from __future__ import annotations

import gc
from pathlib import Path

from apilint.engine.config import Config
from apilint.engine.runner import LintOptions, lint_target

_ROOT = """openapi: 3.0.3
info: {title: Orders, version: "1.0"}
paths:
  /v1/orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: Orders
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Order'}
  /v1/orders/{order_id}:
    get:
      operationId: getOrder
      parameters: [{name: order_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Order'}
components:
  schemas:
    Node:
      type: object
      properties:
        child: {$ref: '#/components/schemas/Node'}
        card_number: {type: string}
      allOf: [{$ref: '#/components/schemas/Base'}]
    Base: {type: object, properties: {id: {type: string}}}
"""

_SCHEMAS = """Order:
  allOf:
    - {$ref: '#/Base'}
    - type: object
      properties:
        items: {type: array, items: {$ref: '#/Order'}}
        missing: {$ref: '#/Nope'}
Base: {type: object, properties: {ssn: {type: string}}}
"""


def _garbage_after_lint(target: str, options: LintOptions) -> list[object]:
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        result = lint_target(target, options)
        assert result.error is None and result.findings
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()


def test_linting_a_multi_file_spec_leaves_no_cycles(tmp_path: Path):
    (tmp_path / "openapi.yaml").write_text(_ROOT)
    (tmp_path / "schemas.yaml").write_text(_SCHEMAS)
    options = LintOptions(config=Config(preset="strict"), use_cache=False)
    target = str(tmp_path / "openapi.yaml")
    lint_target(target, options)  # first use: imports and module-level caches
    garbage = _garbage_after_lint(target, options)
    assert not garbage, sorted({type(item).__name__ for item in garbage})
