"""ref-cycle: A chain of $refs loops without reaching a value (7.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules.s7_security_lifecycle._load_problems import _problems, ok


@rule(id="ref-cycle", title="A chain of $refs loops without reaching a value", sections=("7.1",),
      reads_descriptions=False,
      severity="error", presets=("minimal",), rationale="""
A schema may refer to itself through its properties (a tree), but a $ref whose target is itself a
$ref back to the start never reaches a definition: the spec describes nothing there.""",
      fix="Make one link of the chain a real schema.",
      examples=[Example("openapi",
                        bad=ok("{$ref: '#/components/schemas/A'}")
                        + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                          "    B: {$ref: '#/components/schemas/A'}\n",
                        good=ok("{$ref: '#/components/schemas/A'}")
                        + "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"
                          "    B: {type: object, properties: {child: {$ref: '#/components/schemas/B'}}}\n")])
def ref_cycle(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-cycle")
