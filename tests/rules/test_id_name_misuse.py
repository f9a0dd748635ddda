"""Behaviour of id-name-misuse."""

from ._lint import HEAD, findings


def test_id_name_misuse_uuid_name_and_required_client_id(tmp_path):
    spec = (HEAD + "paths:\n  /v1/orders:\n    post:\n      operationId: createOrder\n      requestBody:\n"
            "        content:\n          application/json:\n            schema:\n              type: object\n"
            "              required: [id]\n              properties:\n                id: {type: string}\n"
            "                owner_name: {type: string, format: uuid}\n"
            "      responses: {'201': {description: Created}}\n")
    messages = [f.message for f in findings(tmp_path, spec, "id-name-misuse")]
    assert len(messages) == 2
    assert any("owner_name" in m for m in messages) and any("'id'" in m for m in messages)
