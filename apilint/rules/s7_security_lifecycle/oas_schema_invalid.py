"""oas-schema-invalid: The document does not follow the OpenAPI specification (7.1, 7.5)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from functools import cache
from typing import Any

from apilint.engine.rule import IN_MESSAGES, Context, Example, Issue, rule
from apilint.load.pointer import join
from apilint.model.core import Api, Loc
from apilint.rules._examples import spec


@cache
def _validator(version: str) -> Any:
    import importlib.util

    import jsonschema_rs

    # Only the package's schema files are needed: importing it would cost ~0.4 s of start-up.
    package = importlib.util.find_spec("openapi_spec_validator").submodule_search_locations[0]
    folder = {"2": "v2.0", "3.0": "v3.0", "3.1": "v3.1", "3.2": "v3.2"}
    key = "2" if version.startswith("2") else version[:3]
    path = os.path.join(package, "resources", "schemas",
                        folder[key], "schema.json")
    with open(path, encoding="utf-8") as handle:
        return jsonschema_rs.validator_for(json.load(handle))


@rule(id="oas-schema-invalid", title="The document does not follow the OpenAPI specification",
      sections=("7.1", "7.5"), severity="error", presets=("minimal",),
      # a description or summary is any string to every OpenAPI schema: which nodes are invalid never
      # depends on its text, but a message quotes the node it is about, descriptions included
      reads_descriptions=IN_MESSAGES, rationale="""
Gateways, validators and code generators read the spec by the OpenAPI standard. A document that breaks
its structure is enforced differently (or not at all) by each of them, so the spec stops being the
contract (anti-pattern 7.1). Checked against the official JSON Schema of the document's version.""",
      fix="Correct the node the message names; the OpenAPI specification of the version in use lists the "
          "allowed fields.",
      examples=[Example("openapi",
                        bad="openapi: 3.0.3\ninfo: {title: Shop}\npaths:\n  /v1/orders:\n    get:\n"
                            "      responses: {'200': {description: OK}}\n",
                        good=spec("""
        /v1/orders:
          get:
            responses: {'200': {description: OK}}
    """))])
def oas_schema_invalid(api: Api, ctx: Context) -> Iterator[Issue]:
    from apilint.load.bundle import inline_external, origin_of

    document, origins = inline_external(api.workspace)
    seen: set[str] = set()
    for error in _validator(api.spec_version).iter_errors(document):
        pointer = join("", *error.instance_path)
        if pointer in seen:
            continue  # one finding per node: the first error is the most specific
        seen.add(pointer)
        message = error.message.splitlines()[0]
        if len(message) > 200:
            message = message[:197] + "..."
        file, where = origin_of(pointer, origins, api.file)
        yield Issue(Loc(file, where), f"Not valid OpenAPI {api.spec_version}: {message}")
