"""Strings sampled from schema patterns (apilint/mock/spec_regex.py)."""

from __future__ import annotations

import re

import pytest

from apilint.mock.spec_regex import sample

PATTERNS = [
    "^[A-Za-z0-9-]+$", "^\\d{3}-\\d{2}$", "^(GET|POST)$", "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "^v[0-9]+(\\.[0-9]+)*$",
    "^[a-f0-9]{40}$", "abc", "^(?:x|y)z?$", "^\\w+\\s\\w+$", "^(a)\\1$", "^.{5}$", "^[^a-z]+$", "^#[0-9A-F]{6}$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_sample_matches(pattern: str) -> None:
    text = sample(pattern)
    assert text is not None and re.search(pattern, text)


def test_min_length_is_reached_when_the_pattern_repeats() -> None:
    assert len(sample("^[a-z]+$", 10) or "") >= 10
    assert sample("^[a-z]+$") == "a"


def test_what_it_cannot_sample_is_none() -> None:
    assert sample("(") is None  # not a regex
    assert sample("^a$(?<=b)") is None  # a look-behind no string satisfies: refused after the final check
