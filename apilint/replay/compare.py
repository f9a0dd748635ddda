"""Compare one response with what the contract or recording expects, and classify each difference.

``breaking``: status changed, content type changed, field removed or renamed, type changed, a matcher
that no longer holds (an enum value outside the contract), or -- in a contract -- a literal that
changed. ``warning``: a recorded value that changed (a recording is an observation, not a promise),
an array of another length, a pinned header gone. Noise (counted, not reported): values a matcher
covers, and recorded generated values (UUIDs, timestamps, dates, URLs, e-mails, linked ids and tokens)
replaced by fresh ones of the same kind.
"""

from __future__ import annotations

from typing import Any

from apilint.contract.matchers import PREDICATES, holds, parse
from apilint.contract.rule_checks import json_kind as json_type
from apilint.pact import match
from apilint.recording.captures import VAR
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
        if want.__class__ is got.__class__ and want == got and not isinstance(want, str | dict | list):
            return  # equal numbers, booleans, nulls: the common case, decided without classifying
        if isinstance(want, str) and want.__class__ is got.__class__ and want == got and not want.startswith("{{"):
            return
        matcher = parse(want) if isinstance(want, str) else None
        if matcher is not None:
            self._matcher(matcher, want, got, where, severity)
        elif isinstance(want, dict):
            self._object(want, got, where, severity)
        elif isinstance(want, list):
            self._array(want, got, where, severity)
        elif want != got or json_type(want) != json_type(got):
            self._literal(want, got, where, severity)

    def _matcher(self, matcher: tuple[str, str | None], want: str, got: Any, where: str,
                 severity: str) -> None:
        name, arg = matcher
        if name == "var":
            var = VAR.fullmatch(want)
            known = var is not None and var.group(1) in self.variables
            if not known or self.variables[var.group(1)] == got:
                self.noise += 1
            else:
                self._add(WARNING, "value_changed", where, "value differs from the captured one",
                          self.variables[var.group(1)], got)
        elif holds(name, arg, got):
            self.noise += 1
        elif name == "one_of" and isinstance(got, str):
            self._add(severity, "enum_value", where, "value outside the contract's enum", want, got)
        else:
            self._add(severity, "type_changed" if not isinstance(got, str) or name != "string" else
                      "matcher_failed", where, f"{want} does not hold", want, got)

    def _object(self, want: dict[str, Any], got: Any, where: str, severity: str) -> None:
        if not isinstance(got, dict):
            self._add(severity, "type_changed", where, "type changed", "object", json_type(got))
            return
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        for key in missing:
            renamed = self._renamed_to(want[key], got, extra)
            if renamed:
                self._add(severity, "field_renamed", f"{where}.{key}", f"field renamed to '{renamed}'",
                          key, renamed)
            else:
                self._add(severity, "field_removed", f"{where}.{key}", "field removed", key)
        for key, item in want.items():
            if key in got:
                self.value(item, got[key], f"{where}.{key}", severity)

    def _renamed_to(self, want: Any, got: dict[str, Any], extra: list[str]) -> str | None:
        """An extra field holding what the missing one would have held (same value or same kind)."""
        for key in extra:
            probe = Comparison(self.contract, self.renamed, self.variables)
            probe.value(want, got[key], key)
            if not probe.differences:
                return key
        return None

    def _array(self, want: list[Any], got: Any, where: str, severity: str) -> None:
        if not isinstance(got, list):
            self._add(severity, "type_changed", where, "type changed", "array", json_type(got))
            return
        if len(want) != len(got):
            self._add(WARNING, "array_length", where, "array length changed", len(want), len(got))
        for index, (item, other) in enumerate(zip(want, got, strict=False)):
            self.value(item, other, f"{where}[{index}]", severity)

    def _literal(self, want: Any, got: Any, where: str, severity: str) -> None:
        w, g = json_type(want), json_type(got)
        if w != g:
            nullable = w == "null"
            self._add(WARNING if nullable else severity, "type_changed", where,
                      "null became a value" if nullable else "type changed", want, got)
            return
        if isinstance(want, str) and self.renamed.get(want) == got:
            self.noise += 1  # a linked id or token the new build issued afresh
            return
        if not self.contract and isinstance(want, str) and any(p(want) and p(got) for p in _GENERATED):
            self.noise += 1
            return
        self._add(severity if self.contract else WARNING, "value_changed", where, "value changed", want, got)

    def _add(self, severity: str, kind: str, where: str, message: str, expected: Any = None,
             actual: Any = None) -> None:
        self.differences.append(Difference(severity, kind, where, message, expected, actual))
