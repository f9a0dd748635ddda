"""Compare an actual value with a contract's example under matching rules (``apilint.contract.rules``).

``Compare(rules, allow_extra).value(expected, actual)`` lists every difference as a ``Mismatch`` whose
``where`` names the path (``body.items[0].id``) and whose message names the rule that failed.
"""

from __future__ import annotations

from typing import Any

from apilint.contract.request_match import Mismatch
from apilint.contract.rule_checks import check, json_kind, kind_of
from apilint.contract.rules import STAR, Matcher, RuleGroup, Rules, inline_rule, show_path


def _short(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else json_kind(value)


class Compare:
    """One comparison; ``allow_extra``: unexpected object keys are fine (responses) or not (requests)."""

    def __init__(self, rules: Rules | None, allow_extra: bool, prefix: str = "body", text_wire: bool = False,
                 xml: bool = False) -> None:
        self.rules = rules or Rules()
        self.xml = xml  # Pact's XML paths name repeated elements without an index
        self.allow_extra = allow_extra
        self.prefix = prefix
        self.text_wire = text_wire
        self.out: list[Mismatch] = []

    def _add(self, path: tuple[Any, ...], message: str, expected: Any, actual: Any) -> None:
        self.out.append(Mismatch(show_path(path, self.prefix), message, _short(expected), _short(actual)))

    def group(self, path: tuple[Any, ...], expected: Any) -> RuleGroup | None:
        found = inline_rule(expected) or self.rules.at(path)
        if found is None and self.xml:
            found = self.rules.at(tuple(t for t in path if not isinstance(t, int)))
        return found

    def value(self, expected: Any, actual: Any, path: tuple[Any, ...] = ("$",)) -> list[Mismatch]:
        group = self.group(path, expected)
        if group is None:
            self._plain(expected, actual, path)
            return self.out
        if not self.apply(group, expected, actual, path) or group.has("contentType"):
            return self.out  # a body of the named content type is all a contentType rule asks
        if isinstance(actual, dict) and isinstance(expected, dict):
            self._object(expected, actual, path, group)
        elif isinstance(actual, list) and isinstance(expected, list):
            self._array(expected, actual, path, group)
        return self.out

    def apply(self, group: RuleGroup, expected: Any, actual: Any, path: tuple[Any, ...]) -> bool:
        """The group's matchers on the value itself (not its children); a failure is recorded."""
        reasons = [r for m in group.matchers if (r := check(m, expected, actual, self.text_wire))]
        failed = len(reasons) == len(group.matchers) if group.combine == "OR" else bool(reasons)
        if failed:
            self._add(path, f"{reasons[0]} (rule: {_kinds(group)})", expected, actual)
        return not failed

    def _plain(self, expected: Any, actual: Any, path: tuple[Any, ...]) -> None:
        if isinstance(expected, dict) and isinstance(actual, dict):
            self._object(expected, actual, path, None)
        elif isinstance(expected, list) and isinstance(actual, list):
            if len(expected) != len(actual) and not (self.xml and self.allow_extra and len(actual) > len(expected)):
                self._add(path, f"expected an array of {len(expected)} item(s), got {len(actual)}",
                          len(expected), len(actual))
            for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
                self.value(want, got, (*path, index))
        elif json_kind(expected) != json_kind(actual):
            self._add(path, f"expected a {json_kind(expected)}, got a {json_kind(actual)}", expected, actual)
        elif expected != actual:
            self._add(path, "value differs", expected, actual)

    def _object(self, expected: dict[str, Any], actual: dict[str, Any], path: tuple[Any, ...],
                group: RuleGroup | None) -> None:
        if group is not None and group.has("values", "eachValue"):
            example = next(iter(expected.values()), None)
            for key, got in actual.items():
                self.value(expected.get(key, example), got, (*path, key))
            self._each_key(group, actual, path)
            return
        if group is not None:
            self._each_key(group, actual, path)
            if self.xml:  # Pact: under a rule, every child element is like the expected ones, by name too
                for key in actual:
                    if key not in expected and key[:1] not in "@#":
                        self._add((*path, key), f"unexpected element <{key}> (rule: {_kinds(group)})", None, key)
        for key, want in expected.items():
            if key not in actual:
                self._add((*path, key), "field missing", want, None)
            else:
                self.value(want, actual[key], (*path, key))
        if not self.allow_extra:
            for key in actual:
                if key not in expected:
                    self._add((*path, key), "unexpected field", None, actual[key])

    def _each_key(self, group: RuleGroup, actual: dict[str, Any], path: tuple[Any, ...]) -> None:
        for matcher in group.matchers:
            if matcher.kind != "eachKey":
                continue
            for key in actual:
                for raw in matcher.args.get("rules") or []:
                    reason = check(_plain_matcher(raw), key, key)
                    if reason:
                        self._add((*path, key), f"key {reason} (rule: eachKey)", None, key)

    def _array(self, expected: list[Any], actual: list[Any], path: tuple[Any, ...], group: RuleGroup) -> None:
        contains = next((m for m in group.matchers if m.kind == "arrayContains"), None)
        if contains is not None:
            self._contains(contains, expected, actual, path)
            return
        each = next((m for m in group.matchers if m.kind == "eachValue"), None)
        if not expected and each is None:
            return
        for index, got in enumerate(actual):
            want = expected[index] if index < len(expected) else expected[0] if expected else None
            if each is not None:
                probe = Compare(_nested(each, path), self.allow_extra, self.prefix, self.text_wire)
                self.out.extend(probe.value(want, got, (*path, index)))
            else:
                self.value(want, got, (*path, index))

    def _contains(self, matcher: Matcher, expected: list[Any], actual: list[Any], path: tuple[Any, ...]) -> None:
        for variant in matcher.args.get("variants") or []:
            index = variant.get("index", 0)
            rules = Rules({k: group_of(v) for k, v in (variant.get("rules") or {}).items()})
            wanted = expected[index] if isinstance(index, int) and index < len(expected) else None
            if not any(not Compare(rules, self.allow_extra, "$", self.text_wire).value(wanted, got) for got in actual):
                self._add(path, f"no item matches variant {index} (rule: arrayContains)", wanted, None)


def _kinds(group: RuleGroup) -> str:
    return "/".join(m.kind if m.kind != "inline" else m.args["text"] for m in group.matchers)


def _plain_matcher(raw: dict[str, Any]) -> Matcher:
    return Matcher(kind_of(raw), {k: v for k, v in raw.items() if k != "match"})


def group_of(raw: Any) -> RuleGroup:
    """``{"matchers": [...], "combine": "AND"}`` or a bare list of matchers -> a group."""
    matchers = raw.get("matchers") if isinstance(raw, dict) else raw
    combine = raw.get("combine", "AND") if isinstance(raw, dict) else "AND"
    return RuleGroup(tuple(_plain_matcher(m) for m in matchers or []), str(combine).upper())


def _nested(each: Matcher, path: tuple[Any, ...]) -> Rules:
    rules = Rules()
    rules.paths = [((*path, STAR), group_of(each.args.get("rules") or []))]
    return rules
