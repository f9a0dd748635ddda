"""ref-remote: A $ref points at a remote URL (7.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules.s7_security_lifecycle._load_problems import COMPONENTS, _problems, ok


@rule(id="ref-remote", title="A $ref points at a remote URL", sections=("7.1",), severity="error",
      reads_descriptions=False,
      presets=("minimal",), rationale="""
Fetching parts of a contract from the network at lint or build time makes results depend on a
server you do not control and lets a spec read arbitrary URLs. apilint never fetches them; the
contract must be complete in the repository.""",
      fix="Vendor the referenced file next to the spec and refer to it by a relative path.",
      examples=[Example("openapi", bad=ok("{$ref: 'https://example.com/schemas.yaml#/Order'}") + COMPONENTS,
                        good=ok("{$ref: '#/components/schemas/Order'}") + COMPONENTS)])
def ref_remote(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-remote")
