"""Pact's comparison of each part of an HTTP interaction: method, path, query, headers, body, status.

Every function returns the differences (``Mismatch``); none means the part matches. Bodies go through the
rule engine (``apilint.contract.rule_compare``); XML bodies are read into the same shape first
(``apilint.pact.xml``).
"""

from __future__ import annotations

import json
from typing import Any

from apilint.contract.mismatch import Mismatch
from apilint.contract.rule_compare import Compare
from apilint.contract.rules import RuleGroup, Rules
from apilint.pact.xml import is_xml, xml_tree

_MEDIA_HEADERS = frozenset({"content-type", "accept"})


def method(expected: str, actual: str) -> list[Mismatch]:
    return [] if expected.upper() == actual.upper() else [Mismatch("method", "another method", expected, actual)]


def path(expected: str, actual: str, rules: Rules | None) -> list[Mismatch]:
    if rules:
        return Compare(rules, False, "path", text_wire=True).value(expected, actual)
    return [] if expected == actual else [Mismatch("path", "another path", expected, actual)]


def _text_rule(group: RuleGroup, expected: Any, value: str, where: str) -> list[Mismatch]:
    """A header or query value (text on the wire) under its rule group."""
    compare = Compare(Rules(), True, where, text_wire=True)
    compare.apply(group, expected, value, ("$",))
    return compare.out


def query(expected: dict[str, list[str]], actual: dict[str, list[str]], rules: Rules | None) -> list[Mismatch]:
    """Every expected parameter with the same values in the same order; no unexpected parameter."""
    out: list[Mismatch] = []
    for name, values in expected.items():
        got = actual.get(name)
        if got is None:
            out.append(Mismatch(f"query.{name}", "query parameter missing", values, None))
            continue
        group = rules.exactly(("$", name)) if rules else None
        if group is not None:
            for index, value in enumerate(got):
                out += _text_rule(group, values[min(index, len(values) - 1)] if values else None, value,
                                  f"query.{name}[{index}]")
        elif got != values:
            out.append(Mismatch(f"query.{name}", "query values differ", values, got))
    out.extend(Mismatch(f"query.{name}", "unexpected query parameter", None, got)
               for name, got in actual.items() if name not in expected)
    return out


def _media(value: str) -> tuple[str, dict[str, str]]:
    main, *params = [p.strip() for p in value.replace("\n", " ").split(";")]
    pairs = {}
    for param in params:
        key, _, val = param.partition("=")
        key = key.strip().lower()
        val = val.strip().strip('"')
        pairs[key] = val.lower() if key == "charset" else val
    return main.lower(), pairs


def _value_matches(expected: str, actual: str) -> bool:
    if "/" in expected:
        want, got = _media(expected), _media(actual)
        return want[0] == got[0] and all(got[1].get(k) == v for k, v in want[1].items())
    return expected == actual


def header_value_matches(name: str, expected: str, actual: str) -> bool:
    """Content-Type/Accept compare as media types (parameters in any order, charset in any case, extra
    parameters allowed); headers compare their comma-separated values in order."""
    if name == "content-type":
        return _value_matches(expected.strip(), actual.strip())
    want, got = [v.strip() for v in expected.split(",")], [v.strip() for v in actual.split(",")]
    if name in _MEDIA_HEADERS:
        return len(want) == len(got) and all(_value_matches(w, g) for w, g in zip(want, got, strict=True))
    return want == got


def headers(expected: dict[str, str], actual: dict[str, str], rules: Rules | None) -> list[Mismatch]:
    """Names compare case-insensitively; unexpected headers are fine."""
    got = {k.lower(): v for k, v in actual.items()}
    out: list[Mismatch] = []
    for name, want in ((k.lower(), v) for k, v in expected.items()):
        value = got.get(name)
        if value is None:
            out.append(Mismatch(f"headers.{name}", "header missing", want, None))
            continue
        group = rules.exactly(("$", name)) if rules else None
        if group is not None:
            out += _text_rule(group, want, value, f"headers.{name}")
        elif not header_value_matches(name, str(want), str(value)):
            out.append(Mismatch(f"headers.{name}", "header value differs", want, value))
    return out


def status(expected: int, actual: int, rules: Rules | None) -> list[Mismatch]:
    if rules:
        return Compare(rules, True, "status").value(expected, actual)
    return [] if expected == actual else [Mismatch("status", "status code differs", expected, actual)]


def parse_body(body: Any, content_type: str | None) -> Any:
    """A body as the engine compares it: JSON values as they are, JSON or XML text parsed, other text as is."""
    if not isinstance(body, str):
        return body
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if is_xml(media):
        return xml_tree(body)
    if media.endswith("json") or media.endswith("+json"):
        try:
            return json.loads(body)
        except ValueError:
            return body
    return body


def body(expected: Any, actual: Any, rules: Rules | None, allow_extra: bool, content_type: str | None = None,
         present: bool = True) -> list[Mismatch]:
    """``present``: the contract names a body (a pact without one accepts any)."""
    if not present:
        return []
    if actual is None and expected not in (None, ""):
        return [Mismatch("body", "body missing", expected, None)]
    want, got = parse_body(expected, content_type), parse_body(actual, content_type)
    xml = is_xml((content_type or "").split(";", 1)[0].strip().lower())
    return Compare(rules, allow_extra, "body", xml=xml).value(want, got)
