"""Spec builders shared by the behaviour tests of several rules."""

from .helpers import spec


def _get(path: str, params: str, props: str) -> str:
    return spec(f"""
{path}:
  get:
    operationId: getThing
    parameters: {params}
    responses:
      '200':
        description: The thing
        content:
          application/json:
            schema: {{type: object, properties: {props}}}
""")
