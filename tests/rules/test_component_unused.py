from ._lint import HEAD, findings

RULE = "component-unused"
_OP = """paths:
  /v1/orders:
    get:
      operationId: listOrders
      responses:
        default:
          description: Error
          content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}
        '200':
          description: OK
          content:
            application/json:
              schema:
                oneOf: [{$ref: 'shared.yaml#/Cat'}]
                discriminator: {propertyName: kind, mapping: {dog: '#/components/schemas/Dog'}}
"""


def test_refs_from_default_responses_mappings_and_other_files_count(tmp_path):
    # Stripe's Error is only referenced from `default` responses (an early version missed those).
    shared = "Cat:\n  type: object\n  properties:\n    owner: {$ref: 'openapi.yaml#/components/schemas/Owner'}\n"
    spec = HEAD + _OP + ("components:\n  schemas:\n    Error: {type: object}\n    Dog: {type: object}\n"
                         "    Owner: {type: object}\n    Unused: {type: object}\n")
    found = findings(tmp_path, spec, RULE, files={"shared.yaml": shared})
    assert [f.pointer for f in found] == ["/components/schemas/Unused"]


def test_unused_parameter_and_response(tmp_path):
    spec = HEAD + _OP.replace("oneOf: [{$ref: 'shared.yaml#/Cat'}]", "type: object") + (
        "components:\n  schemas:\n    Error: {type: object}\n    Dog: {type: object}\n"
        "  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n"
        "  responses:\n    NotFound: {description: Not found}\n")
    assert sorted(f.pointer for f in findings(tmp_path, spec, RULE)) == [
        "/components/parameters/Limit", "/components/responses/NotFound"]
