"""Behaviour of pagination-style-inconsistent."""

from ._pagination import _list
from .helpers import found, spec


def test_date_filter_named_from_is_not_pagination(tmp_path):
    # Twilio: Calls.json takes `from` (a phone number filter) next to page/page_size/page_token.
    base = "[{name: page_size, in: query, schema: {type: integer, maximum: 100}}, " \
           "{name: page_token, in: query, schema: {type: string}}"
    text = spec(_list("/a", base + "]", op_id="listA") + _list("/b", base + "]", op_id="listB")
                + _list("/c", base + ", {name: from, in: query, schema: {type: string}}]", op_id="listC"))
    assert found(tmp_path, text, "pagination-style-inconsistent") == []
