"""ref-outside-root: A $ref leaves the spec's folder (7.1)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.rules.s7_security_lifecycle._load_problems import COMPONENTS, _problems, ok


@rule(id="ref-outside-root", title="A $ref leaves the spec's folder", sections=("7.1",), severity="error",
      reads_descriptions=False,
      presets=("minimal",), rationale="""
A spec that reads files outside its own folder (`../../secrets.yaml`) is not self-contained and can be
used to read arbitrary files on a CI machine. apilint does not follow such refs unless asked
(`--root DIR` or `--allow-outside-refs`).""",
      fix="Move the referenced file under the spec's folder, or lint with `--root` set to the folder that "
          "holds all the spec's files.",
      examples=[Example("openapi", bad=ok("{$ref: '../../elsewhere/order.yaml'}") + COMPONENTS,
                        good=ok("{$ref: '#/components/schemas/Order'}") + COMPONENTS)])
def ref_outside_root(api: Api, ctx: Context) -> Iterator[Issue]:
    return _problems(api, "ref-outside-root")
