"""Spec builders shared by the behaviour tests of several rules."""



def _op(path: str, method: str, responses: str, extra: str = "") -> str:
    return f"""
{path}:
  {method}:
    operationId: {method}{len(path)}{extra}
    responses:
{responses}
"""
