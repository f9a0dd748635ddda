"""path-params-mismatch: Path template and path parameters disagree (7.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import rest_operations
from apilint.rules._examples import spec

_TEMPLATE = re.compile(r"\{([^{}/]+)\}")


_SPEC = spec("""
        /v1/orders/{{order_id}}:
          get:
            operationId: getOrder
            parameters:
              - {{name: {name}, in: path, required: true, schema: {{type: string}}}}
            responses: {{'200': {{description: OK}}}}
    """)


@rule(id="path-params-mismatch", title="Path template and path parameters disagree", sections=("7.1",),
      reads_descriptions=False,
      severity="error", presets=("minimal",), rationale="""
Every `{name}` in a path template needs a path parameter of that name, and every path parameter must
appear in the template. Otherwise request validation at the boundary rejects valid calls or lets the
value through unchecked, and generated clients cannot build the URL (anti-pattern 7.1).""",
      fix="Declare the missing path parameter (`in: path`, `required: true`) or rename it to match the template.",
      examples=[Example("openapi", bad=_SPEC.format(name="id"), good=_SPEC.format(name="order_id"))])
def path_params_mismatch(api: Api, ctx: Context) -> Iterator[Issue]:
    for op in rest_operations(api):
        in_template = _TEMPLATE.findall(op.path or "")
        declared = {p.name: p for p in op.parameters if p.location == "path"}
        for name in in_template:
            if name not in declared:
                yield Issue(op.loc, f"{op.label}: path parameter '{name}' is not declared",
                            hint=f"add a parameter {{name: {name}, in: path, required: true}}")
        for name, param in declared.items():
            if name not in in_template:
                yield Issue(param.loc, f"{op.label}: path parameter '{name}' does not appear in the path")
            elif not param.required:
                yield Issue(param.loc, f"{op.label}: path parameter '{name}' must be required: true")
