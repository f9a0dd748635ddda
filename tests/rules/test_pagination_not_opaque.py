"""Behaviour of pagination-not-opaque."""

from ._pagination import _list
from .helpers import found, spec


def test_string_offset_is_an_opaque_token(tmp_path):
    # Asana: `offset` is "an offset token returned by the API"; Stripe search: `page` is a cursor string.
    text = spec(_list("/projects", "[{name: limit, in: query, schema: {type: integer, maximum: 100}}, "
                                   "{name: offset, in: query, schema: {type: string}}]"))
    assert found(tmp_path, text, "pagination-not-opaque") == []


def test_integer_offset_is_flagged(tmp_path):
    text = spec(_list("/projects", "[{name: limit, in: query, schema: {type: integer, maximum: 100}}, "
                                   "{name: offset, in: query, schema: {type: integer}}]"))
    assert len(found(tmp_path, text, "pagination-not-opaque")) == 1


def test_marker_with_server_issued_next_is_not_client_derived(tmp_path):
    text = spec(_list("/things", "[{name: after, in: query, schema: {type: string}}]",
                      "{type: object, properties: {data: {type: array, items: {type: object}}, "
                      "next_cursor: {type: string}}}"))
    assert found(tmp_path, text, "pagination-not-opaque") == []
