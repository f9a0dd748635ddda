"""Behaviour of ref-unresolved: load problems do not depend on which rules run."""

from apilint.engine.config import Config

from ..conftest import lint_text
from ._lint import HEAD, findings

_SPEC = HEAD + """paths:
  /v1/orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {$ref: '#/components/schemas/Missing'}}
                  next: {$ref: 'other.yaml#/Nope'}
components:
  schemas:
    Order:
      type: object
      properties:
        customer: {allOf: [{$ref: '#/components/schemas/Customer'}]}
"""

_EXPECTED = [
    "/components/schemas/Order/properties/customer/allOf/0/$ref",
    "/paths/~1v1~1orders/get/responses/200/content/application~1json/schema/properties/items/items/$ref",
    "/paths/~1v1~1orders/get/responses/200/content/application~1json/schema/properties/next/$ref",
]


def test_broken_schema_refs_found_with_the_rule_alone(tmp_path):
    assert sorted(f.pointer for f in findings(tmp_path, _SPEC, "ref-unresolved")) == _EXPECTED


def test_broken_schema_refs_found_the_same_in_a_full_run(tmp_path):
    for preset in ("minimal", "strict"):
        result = lint_text(tmp_path, _SPEC, name="openapi.yaml", config=Config(preset=preset))
        assert sorted(f.pointer for f in result.findings if f.rule == "ref-unresolved") == _EXPECTED, preset


_SHARED = HEAD + """paths:
  /v1/orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  first: {$ref: '#/components/schemas/Missing'}
                  second: {$ref: '#/components/schemas/Missing'}
                  a: {$ref: '#/components/schemas/Order'}
                  b: {$ref: '#/components/schemas/Order'}
                  c/d~e: {type: object, properties: {deep: {$ref: '#/components/schemas/Gone'}}}
components:
  schemas:
    Order:
      type: object
      properties:
        customer: {$ref: '#/components/schemas/Customer'}
        plain: {type: string}
"""


def test_the_same_ref_is_reported_wherever_it_is_broken_and_a_shared_target_once(tmp_path):
    """The walk follows a (file, $ref) once: a broken one still counts at each place it is written."""
    body = "/paths/~1v1~1orders/get/responses/200/content/application~1json/schema/properties"
    assert sorted(f.pointer for f in findings(tmp_path, _SHARED, "ref-unresolved")) == [
        "/components/schemas/Order/properties/customer/$ref",
        f"{body}/c~1d~0e/properties/deep/$ref", f"{body}/first/$ref", f"{body}/second/$ref"]
