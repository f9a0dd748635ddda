"""Behaviour of error-shape-inconsistent."""

from ._errors import _api
from .helpers import found


def test_extended_error_shape_is_consistent(tmp_path):
    # GitHub: validation-error adds `errors` to the message/documentation_url of basic-error.
    basic = "{type: object, properties: {message: {type: string}, documentation_url: {type: string}, " \
            "url: {type: string}, status: {type: string}}}"
    validation = "{type: object, properties: {message: {type: string}, documentation_url: {type: string}, " \
                 "errors: {type: array, items: {type: object}}}}"
    text = _api(("/a", "404", basic), ("/b", "404", basic), ("/c", "422", validation))
    assert found(tmp_path, text, "error-shape-inconsistent") == []
