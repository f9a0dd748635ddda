"""Spec builders shared by the behaviour tests of several rules."""

from .helpers import spec


def _api(*errors: tuple[str, str, str], components: str = "") -> str:
    """One GET per (path, status, schema YAML) error response."""
    paths = ""
    for index, (path, status, schema) in enumerate(errors):
        paths += f"""
{path}:
  get:
    operationId: op{index}
    responses:
      '200': {{description: OK}}
      '{status}':
        description: Failure
        content:
          application/json:
            schema: {schema}
"""
    return spec(paths, components)


_COMMON = "{$ref: '#/components/schemas/Error'}"


_ERROR = """schemas:
  Error:
    type: object
    properties:
      code: {type: string}
      message: {type: string}
      request_id: {type: string}
"""
