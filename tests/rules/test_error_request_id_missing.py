"""Behaviour of error-request-id-missing."""

from ._errors import _api
from .helpers import found


def test_request_id_header_satisfies_request_id(tmp_path):
    text = _api(("/a", "404", "{type: object, properties: {code: {type: string}, message: {type: string}}}"))
    assert len(found(tmp_path, text, "error-request-id-missing")) == 1
    with_header = text.replace("          description: Failure\n",
                               "          description: Failure\n          headers:\n"
                               "            X-Request-Id: {schema: {type: string}}\n")
    assert with_header != text
    assert found(tmp_path, with_header, "error-request-id-missing") == []
