"""The schemathesis schema of a spec; Swagger 2.0 is converted to 3.0 first (apilint.load.swagger2),
so that generation and checks see the same document as the proxy, replay and the live checks."""

from __future__ import annotations

from typing import Any

import schemathesis

from apilint.load.bundle import bundle_spec
from apilint.load.swagger2 import is_swagger2, to_openapi3


def load_schema(spec_path: str) -> Any:
    schema = schemathesis.openapi.from_path(spec_path)
    if is_swagger2(schema.raw_schema):
        schema = schemathesis.openapi.from_dict(to_openapi3(bundle_spec(spec_path)))
    return schema
