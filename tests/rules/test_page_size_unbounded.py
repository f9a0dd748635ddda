"""Behaviour of page-size-unbounded."""

from ._pagination import _list
from .helpers import found, spec


def test_shared_page_size_parameter_is_reported_once(tmp_path):
    # GitHub: one components/parameters/per-page used by hundreds of lists.
    ref = "[{$ref: '#/components/parameters/per-page'}, {name: page_token, in: query, schema: {type: string}}]"
    text = spec(_list("/a", ref, op_id="listA") + _list("/b", ref, op_id="listB"),
                "parameters:\n  per-page: {name: per_page, in: query, schema: {type: integer, default: 30}}")
    assert len(found(tmp_path, text, "page-size-unbounded")) == 1
