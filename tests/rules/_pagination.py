"""Spec builders shared by the behaviour tests of several rules."""



def _list(path: str, params: str, body: str = "{type: object, properties: {data: {type: array, items: "
          "{type: object}}, next_page: {type: string}}}", op_id: str = "listThings") -> str:
    return f"""
{path}:
  get:
    operationId: {op_id}
    parameters: {params}
    responses:
      '200':
        description: A page
        content:
          application/json:
            schema: {body}
"""
