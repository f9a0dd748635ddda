"""Shared by operation-id-duplicate, operation-id-missing."""

from __future__ import annotations

_SPEC = """openapi: 3.0.3
info: {{title: Shop, version: 1.0.0}}
paths:
  /v1/orders:
    get:
      {first}
      responses: {{'200': {{description: OK}}}}
    post:
      {second}
      responses: {{'201': {{description: Created}}}}
"""
