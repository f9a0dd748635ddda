"""duplicate-key: A key appears twice in one mapping (7.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules.s7_security_lifecycle._load_problems import COMPONENTS, _problems, ok


@rule(id="duplicate-key", title="A key appears twice in one mapping", sections=("7.1",), severity="error",
      reads_descriptions=False,
      presets=("minimal",), rationale="""
YAML and JSON parsers silently keep the last of two equal keys, so half of what the author wrote is
ignored by every tool and gateway that reads the spec: the spec no longer says what the service
enforces (anti-pattern 7.1, specs that don't enforce).""",
      fix="Merge the two entries into one key.",
      examples=[Example("openapi",
                        bad=ok("{$ref: '#/components/schemas/Order'}") + COMPONENTS + "    Order: {type: string}\n",
                        good=ok("{$ref: '#/components/schemas/Order'}") + COMPONENTS)])
def duplicate_key(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "duplicate-key")
