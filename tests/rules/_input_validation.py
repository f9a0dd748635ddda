"""Spec builders shared by the behaviour tests of several rules."""



def _post(path: str, op_id: str, props: str) -> str:
    return (f"  {path}:\n    post:\n      operationId: {op_id}\n      requestBody:\n        content:\n"
            "          application/json:\n            schema:\n              type: object\n"
            f"              properties:\n{props}      responses: {{'201': {{description: Created}}}}\n")
