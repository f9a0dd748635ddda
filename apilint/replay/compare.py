"""Compare one response with what the contract or recording expects, and classify each difference.

The walk is the matcher engine's (``apilint.contract.rule_compare``: a contract's inline matchers are its
rules, a pact's matchingRules too); here its differences get replay's kinds and severities.

``breaking``: status changed, content type changed, field removed or renamed, type changed, a matcher
that no longer holds (an enum value outside the contract), or -- in a contract -- a literal that
changed. ``warning``: a recorded value that changed (a recording is an observation, not a promise),
an array of another length, a pinned header gone. Noise (counted, not reported): values a matcher
covers, and recorded generated values (UUIDs, timestamps, dates, URLs, e-mails, linked ids and tokens)
replaced by fresh ones of the same kind.
"""

from __future__ import annotations

from typing import Any

from apilint.contract.matchers import PREDICATES, parse
from apilint.contract.mismatch import MATCHER
from apilint.contract.rule_checks import json_kind as json_type
from apilint.contract.rule_compare import Compare, Path, short, translate
from apilint.contract.rules import RuleGroup, Rules, show_path
from apilint.pact import match
from apilint.replay.model import BREAKING, WARNING, Difference, Expected, Received

_GENERATED = tuple(PREDICATES[n] for n in ("uuid", "iso_timestamp", "iso_date", "url", "email"))


def media_type(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() if content_type else None


class Comparison:
    """One response against one expectation; ``renamed`` maps recorded generated values to new ones."""

    def __init__(self, contract: bool, renamed: dict[str, Any], variables: dict[str, Any]) -> None:
        self.contract = contract
        self.renamed = renamed
        self.variables = variables
        self.differences: list[Difference] = []
        self.noise = 0

    def run(self, expected: Expected, received: Received) -> None:
        if expected.rules is not None:
            self._pact(expected, received)
            return
        if expected.status != received.status:
            self._add(BREAKING, "status_changed", "status", "status code changed",
                      expected.status, received.status)
            if expected.status // 100 != received.status // 100:
                return  # a body of another class of response says nothing about this one
        want, got = media_type(expected.content_type), media_type(received.content_type)
        if want and want != got:
            self._add(BREAKING, "content_type_changed", "headers.content-type", "content type changed",
                      want, got)
            return
        if self.contract:
            self._headers(expected.headers, received.headers)
        if expected.body is not None:
            self.value(expected.body, received.body, "body")
        elif expected.body_text is not None and received.body_text != expected.body_text:
            self._add(WARNING, "text_changed", "body", "text body changed")

    def _pact(self, expected: Expected, received: Received) -> None:
        """A pact's response: Pact's matching (``apilint.pact.match``), every difference breaking."""
        rules = expected.rules or {}
        found = match.status(expected.status, received.status, rules.get("status"))
        if not found:
            found = match.headers(expected.headers, received.headers, rules.get("header"))
            want = expected.body if expected.body is not None else expected.body_text
            got = received.body if received.body is not None else received.body_text
            found += match.body(want, got, rules.get("body"), True, expected.content_type,
                                present=want is not None)
        for m in found:
            kind = "status_changed" if m.where == "status" else "field_removed" if m.message == "field missing" \
                else "matcher_failed" if "(rule:" in m.message else "value_changed"
            self._add(BREAKING, kind, m.where, m.message, m.expected, m.actual)

    def _headers(self, expected: dict[str, Any], received: dict[str, str]) -> None:
        for name, want in expected.items():
            if name == "content-type":
                continue
            if name not in received:
                self._add(WARNING, "header_removed", f"headers.{name}", "header no longer sent", want)
            else:
                self.value(want, received[name], f"headers.{name}", severity=WARNING)

    def value(self, want: Any, got: Any, where: str, severity: str = BREAKING) -> None:
        """``got`` against the contract or recorded value ``want``, through the matcher engine."""
        example, rules = translate(want)
        walker = _Classified(self, rules, where, severity)
        walker.value(example, got)
        self.noise += walker.held + walker.noise

    def _add(self, severity: str, kind: str, where: str, message: str, expected: Any = None,
             actual: Any = None) -> None:
        self.differences.append(Difference(severity, kind, where, message, expected, actual))


class _Classified(Compare):
    """The engine's walk of one value, its differences classified as replay reports them."""

    def __init__(self, owner: Comparison, rules: Rules, prefix: str, severity: str) -> None:
        super().__init__(rules, True, prefix, var=self._captured)
        self.owner = owner
        self.severity = severity
        self.noise = 0  # differences that are not ones: fresh generated values, linked ids issued anew

    def _captured(self, name: str, got: Any) -> int | None:
        known = self.owner.variables
        return MATCHER if name not in known or known[name] == got else None

    def missing(self, path: Path, key: str, expected: dict[str, Any], actual: dict[str, Any]) -> None:
        where = show_path((*path, key), self.prefix)
        renamed = self._renamed_to((*path, key), expected, actual)
        if renamed:
            self.owner._add(self.severity, "field_renamed", where, f"field renamed to '{renamed}'", key, renamed)
        else:
            self.owner._add(self.severity, "field_removed", where, "field removed", key)

    def _renamed_to(self, path: tuple[Any, ...], expected: dict[str, Any], actual: dict[str, Any]) -> str | None:
        """An extra field holding what the missing one would have held (same value or same kind)."""
        for key in actual:
            if key in expected:
                continue
            probe = Comparison(self.owner.contract, self.owner.renamed, self.owner.variables)
            _Classified(probe, self.rules, self.prefix, self.severity).value(expected[path[-1]], actual[key], path)
            if not probe.differences:
                return key
        return None

    def found(self, kind: str, path: Path, message: str, expected: Any, actual: Any,
              group: RuleGroup | None = None) -> None:
        add, where, severity = self.owner._add, show_path(path, self.prefix), self.severity
        if kind == "var" and group is not None:
            name = group.matchers[0].args.get("name")
            add(WARNING, "value_changed", where, "value differs from the captured one",
                self.owner.variables.get(name), actual)
        elif kind == "rule" and group is not None:
            name = (parse(group.label) or ("",))[0] if group.label else ""
            if name == "one_of" and isinstance(actual, str):
                add(severity, "enum_value", where, "value outside the contract's enum", expected, actual)
            else:
                add(severity, "type_changed", where, f"{expected} does not hold", expected, actual)
        elif kind == "length":
            add(WARNING, "array_length", where, "array length changed", expected, actual)
        elif kind == "type":
            if isinstance(expected, dict | list):
                add(severity, "type_changed", where, "type changed", json_type(expected), json_type(actual))
            elif expected is None:
                add(WARNING, "type_changed", where, "null became a value", expected, actual)
            else:
                add(severity, "type_changed", where, "type changed", expected, actual)
        elif kind == "value":
            self._literal(expected, actual, where)
        else:
            add(severity, "matcher_failed", where, message, short(expected), short(actual))

    def _literal(self, want: Any, got: Any, where: str) -> None:
        if isinstance(want, str) and self.owner.renamed.get(want) == got:
            self.noise += 1  # a linked id or token the new build issued afresh
        elif not self.owner.contract and isinstance(want, str) and any(p(want) and p(got) for p in _GENERATED):
            self.noise += 1
        else:
            self.owner._add(self.severity if self.owner.contract else WARNING, "value_changed", where,
                            "value changed", want, got)
