"""The Spectral ruleset shown in docs/custom-rules.md runs as printed there."""

from __future__ import annotations

import re

from ..conftest import ROOT
from .helpers import findings

SPEC = """\
openapi: 3.0.3
info: {title: Orders, version: "1"}
paths:
  /orderItems:
    get:
      x-owner: team-orders
      responses: {"2XX": {description: ok}}
  /healthz:
    get:
      responses: {"200": {description: ok}}
  /orders:
    post:
      responses: {"201": {description: ok}}
components:
  schemas:
    Status: {type: string, enum: [OPEN, closed]}
"""


def test_the_documented_ruleset_runs_unchanged(tmp_path):
    text = (ROOT / "docs" / "custom-rules.md").read_text()
    ruleset = re.search(r"```yaml\n(# \.spectral\.yaml\n.*?)```", text, re.S).group(1)
    found = {(rule, pointer) for rule, pointer, _, _ in findings(tmp_path, ruleset, SPEC, name="openapi.yaml")}
    assert found == {  # not /healthz: the ruleset's except
        ("paths-kebab-case", "/paths/~1orderItems"),
        ("no-2xx-wildcard", "/paths/~1orderItems/get/responses/2XX"),
        ("operation-owner", "/paths/~1orders/post"),
        ("enum-casing", "/components/schemas/Status/enum/1"),
    }
