"""Shared by operation-id-duplicate, operation-id-missing."""

from __future__ import annotations

from apilint.rules._examples import spec

SPEC = spec("""
        /v1/orders:
          get:
            {first}
            responses: {{'200': {{description: OK}}}}
          post:
            {second}
            responses: {{'201': {{description: Created}}}}
    """)
