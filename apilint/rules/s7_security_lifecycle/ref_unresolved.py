"""ref-unresolved: A $ref points at nothing (7.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules.s7_security_lifecycle._load_problems import COMPONENTS, _problems, ok


@rule(id="ref-unresolved", title="A $ref points at nothing", sections=("7.1",), severity="error",
      reads_descriptions=False,
      presets=("minimal",), rationale="""
A reference to a missing file or node leaves a hole in the contract: code generators fail, gateways
skip validation of that part, and readers cannot know what was meant (anti-pattern 7.1).""",
      fix="Point the $ref at an existing file and JSON pointer, or add the missing component.",
      examples=[Example("openapi", bad=ok("{$ref: '#/components/schemas/Missing'}") + COMPONENTS,
                        good=ok("{$ref: '#/components/schemas/Order'}") + COMPONENTS)])
def ref_unresolved(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-unresolved")
