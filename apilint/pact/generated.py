"""A pact's response ``generators`` as apilint's inline matchers, so the mock answers fresh values there
(a ``Uuid`` generator at ``$.id`` answers a new UUID each time, as Pact's stub server does)."""

from __future__ import annotations

import copy
from typing import Any

from apilint.contract.rules import parse_path
from apilint.replay.model import Interaction

_AS_MATCHER = {"Uuid": "{{uuid}}", "DateTime": "{{iso_timestamp}}", "Date": "{{iso_date}}",
               "RandomInt": "{{positive_integer}}", "RandomDecimal": "{{number}}", "RandomBoolean": "{{boolean}}",
               "RandomString": "{{non_empty_string}}", "RandomHexadecimal": "{{non_empty_string}}"}


def answer_body(it: Interaction) -> Any:
    """The response body with every generated value (of a type apilint can make) a matcher."""
    body = it.expected.body
    generators = ((it.generators.get("response") or {}).get("body") or {}) if it.generators else {}
    if not generators or not isinstance(body, dict | list):
        return body
    body = copy.deepcopy(body)
    for path, generator in generators.items():
        matcher = _AS_MATCHER.get(generator.get("type"))
        tokens = parse_path(path)[1:]
        if matcher is None or not tokens or any((isinstance(t, int) and t < 0) or t == "*" for t in tokens):
            continue
        parent: Any = body
        try:
            for token in tokens[:-1]:
                parent = parent[token]
            if (isinstance(parent, dict) and tokens[-1] in parent) or isinstance(parent, list):
                parent[tokens[-1]] = matcher
        except (KeyError, IndexError, TypeError):
            continue
    return body

