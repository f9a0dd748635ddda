"""One matcher against one value: Pact's matcher types, and the two apilint contracts need that Pact lacks.

``check`` answers None when the value satisfies the matcher, else why not. Children of objects and
arrays are the caller's (``apilint.contract.rule_compare``); here only the value itself is looked at
(its type, its text, its size). apilint's inline matchers (``{{uuid}}``...) are translated into these
(``apilint.contract.inline``); only ``anything`` (``{{any}}``, ``{{redacted}}``: Pact deliberately has no
matcher that accepts everything) and ``variable`` (``{{var:NAME}}``: decided by the caller, what was handed
out or captured) are apilint's own, and a pact can never name them (``kind_of``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from apilint.contract.rules import Matcher, RuleError, RuleGroup

KNOWN = frozenset({
    "equality", "type", "regex", "min", "max", "minType", "maxType", "include", "integer", "decimal", "number",
    "boolean", "null", "date", "time", "timestamp", "datetime", "values", "eachKey", "eachValue",
    "arrayContains", "semver", "notEmpty", "contentType", "statusCode", "ignore-order"})
APILINT_ONLY = frozenset({"anything", "variable"})  # never read from a pact
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_JAVA_DATE = [("yyyy", "%Y"), ("yy", "%y"), ("MMMM", "%B"), ("MMM", "%b"), ("MM", "%m"), ("dd", "%d"),
              ("HH", "%H"), ("hh", "%I"), ("mm", "%M"), ("ss", "%S"), ("SSSSSS", "%f"), ("SSS", "%f"),
              ("XXX", "%z"), ("XX", "%z"), ("X", "%z"), ("Z", "%z"), ("a", "%p"), ("EEE", "%a"), ("'T'", "T"),
              ("'Z'", "Z"), ("M", "%m"), ("d", "%d"), ("H", "%H")]
DEFAULT_DATE_FORMAT = {"date": "yyyy-MM-dd", "time": "HH:mm:ss", "timestamp": "yyyy-MM-dd'T'HH:mm:ss"}
_STATUS = {"information": range(100, 200), "success": range(200, 300), "redirect": range(300, 400),
           "clientError": range(400, 500), "serverError": range(500, 600), "error": range(400, 600),
           "nonError": range(100, 400)}


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def kind_of(raw: dict[str, Any]) -> str:
    """The matcher type of one Pact matcher definition (V2 ``{"min": 1}`` and V3 ``{"match": ...}``)."""
    kind = raw.get("match")
    if kind is None:
        kind = "regex" if "regex" in raw else "type" if "min" in raw or "max" in raw else "equality"
    if kind == "datetime":
        kind = "timestamp"
    if kind not in KNOWN:
        raise RuleError(f"unknown matcher type {kind!r}")
    if kind == "regex":
        try:
            re.compile(str(raw.get("regex", "")))
        except re.error as exc:
            raise RuleError(f"bad regex {raw.get('regex')!r}: {exc}") from None
    return str(kind)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return None


def strptime_format(java: str) -> str:
    out, pos = "", 0
    while pos < len(java):
        for token, code in _JAVA_DATE:
            if java.startswith(token, pos):
                out, pos = out + code, pos + len(token)
                break
        else:
            out, pos = out + java[pos].replace("%", "%%"), pos + 1
    return out


def _date(kind: str, args: dict[str, Any], value: Any) -> str | None:
    fmt = args.get("format") or args.get(kind) or DEFAULT_DATE_FORMAT[kind]
    text = _text(value)
    if text is None:
        return f"expected a {kind} text"
    try:
        datetime.strptime(text, strptime_format(str(fmt)))
    except ValueError:
        if kind == "timestamp" and not args.get("format") and not args.get(kind):
            try:
                datetime.fromisoformat(text.replace("Z", "+00:00"))
                return None
            except ValueError:
                pass
        return f"{text!r} is not a {kind} of format {fmt!r}"
    return None


def _size(args: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, list | dict | str):
        return None
    low, high = args.get("min"), args.get("max")
    if isinstance(low, int) and len(value) < low:
        return f"expected at least {low} item(s), got {len(value)}"
    if isinstance(high, int) and len(value) > high:
        return f"expected at most {high} item(s), got {len(value)}"
    return None


def _type(expected: Any, value: Any, args: dict[str, Any]) -> str | None:
    if json_kind(expected) != json_kind(value):
        return f"expected a {json_kind(expected)}, got a {json_kind(value)}"
    return _size(args, value)


def _number(kind: str, value: Any, text_wire: bool) -> str | None:
    if text_wire and isinstance(value, str):
        pattern = {"integer": r"-?\d+", "decimal": r"-?\d+\.\d+", "number": r"-?\d+(\.\d+)?"}[kind]
        return None if re.fullmatch(pattern, value) else f"{value!r} is not a{'n' if kind[0] == 'i' else ''} {kind}"
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":
        ok = ok and isinstance(value, int)
    elif kind == "decimal":
        ok = ok and isinstance(value, float)
    return None if ok else f"expected a{'n' if kind[0] == 'i' else ''} {kind}, got {json_kind(value)}"


def _regex(args: dict[str, Any], value: Any) -> str | None:
    text = _text(value)
    pattern = str(args.get("regex", ""))
    if text is None or re.fullmatch(pattern, text) is None:
        return f"{value!r} does not match /{pattern}/"
    return None


def _status(args: dict[str, Any], value: Any) -> str | None:
    wanted = args.get("status")
    if isinstance(wanted, list):
        return None if value in wanted else f"status {value} is not one of {wanted}"
    codes = _STATUS.get(str(wanted))
    return None if codes is not None and isinstance(value, int) and value in codes else \
        f"status {value} is not {wanted}"


_MAGIC = (("%PDF", "application/pdf"), ("\x89PNG", "image/png"), ("GIF8", "image/gif"), ("\xff\xd8", "image/jpeg"),
          ("<?xml", "application/xml"), ("<html", "text/html"), ("<!doctype html", "text/html"))


def _detected(value: Any) -> str:
    """The media type a body looks like (parsed JSON, parsed XML, or text by its first bytes)."""
    if isinstance(value, list) or (isinstance(value, dict) and not any(str(k).startswith("@") for k in value)):
        return "application/json"
    if isinstance(value, dict):
        return "application/xml"
    text = str(value).lstrip().lower() if value is not None else ""
    return next((media for magic, media in _MAGIC if text.startswith(magic.lower())), "text/plain")


def _content_type(wanted: str, value: Any) -> str | None:
    """Pact's ``contentType``: the body's own kind (not its header) is the one named."""
    want = wanted.split(";", 1)[0].strip().lower()
    got = _detected(value)
    same = want == got or (got == "application/json" and want.endswith("+json")) or (
        got == "application/xml" and (want.endswith("+xml") or want == "text/xml"))
    return None if same else f"the body looks like {got}, not {want}"


_SIMPLE: dict[str, Callable[[dict[str, Any], Any], str | None]] = {
    "boolean": lambda a, v: None if isinstance(v, bool) or v in ("true", "false") else "expected a boolean",
    "null": lambda a, v: None if v is None else f"expected null, got {json_kind(v)}",
    "include": lambda a, v: None if str(a.get("value", "")) in (_text(v) or "") else
    f"{v!r} does not include {a.get('value')!r}",
    "semver": lambda a, v: None if isinstance(v, str) and SEMVER.match(v) else f"{v!r} is not a semantic version",
    "notEmpty": lambda a, v: None if v not in (None, "", [], {}) else "expected a value that is not empty",
    "regex": _regex,
    "statusCode": _status,
    "contentType": lambda a, v: _content_type(str(a.get("value", "")), v),
}


def check(matcher: Matcher, expected: Any, value: Any, text_wire: bool = False) -> str | None:
    """Why ``value`` fails ``matcher`` (``expected`` is the contract's example), or None.

    ``text_wire``: the value came as text (a header, a query value, a path), so a number is digits."""
    kind, args = matcher.kind, matcher.args
    if kind == "type" and expected.__class__ is value.__class__:
        return _size(args, value) if args else None  # the same class is the same JSON kind
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return simple(args, value)
    if kind in APILINT_ONLY:
        return None  # anything holds; a variable is the caller's (``Compare``'s hook), never decided here
    if kind == "equality":
        return None if value == expected and json_kind(value) == json_kind(expected) else "value differs"
    if kind in ("type", "min", "max", "minType", "maxType"):
        if text_wire and isinstance(value, str) and not isinstance(expected, list | dict):
            return None
        return _type(expected, value, args)
    if kind in ("integer", "decimal", "number"):
        return _number(kind, value, text_wire)
    if kind in ("date", "time", "timestamp"):
        return _date(kind, args, value)
    if kind in ("values", "eachKey", "eachValue", "arrayContains", "ignore-order"):
        return None if json_kind(value) == json_kind(expected) or expected is None else \
            f"expected a {json_kind(expected)}, got a {json_kind(value)}"
    raise RuleError(f"unknown matcher type {kind!r}")


Test = Callable[[Any, Any, bool], "str | None"]  # (expected, value, text_wire) -> why not, or None


def _fast(matcher: Matcher) -> Test:
    """``check`` for one matcher, with the common cases (the kinds inline matchers translate to) decided
    without dispatch; anything else falls through to ``check``."""
    kind, args = matcher.kind, matcher.args

    def slow(expected: Any, value: Any, text_wire: bool) -> str | None:
        return check(matcher, expected, value, text_wire)

    if kind == "type" and not args:
        return lambda e, v, w: None if v.__class__ is e.__class__ else slow(e, v, w)
    if kind == "type" and set(args) == {"min"} and isinstance(args["min"], int):
        low = args["min"]
        return lambda e, v, w: None if v.__class__ is e.__class__ is str and len(v) >= low else slow(e, v, w)
    if kind == "integer":
        return lambda e, v, w: None if v.__class__ is int else slow(e, v, w)
    if kind == "number":
        return lambda e, v, w: None if v.__class__ is int or v.__class__ is float else slow(e, v, w)
    if kind == "regex":
        compiled = re.compile(str(args.get("regex", "")))
        return lambda e, v, w: None if v.__class__ is str and compiled.fullmatch(v) else slow(e, v, w)
    return slow


def group_test(group: RuleGroup) -> Test:
    """One test for a group's matchers: AND answers the first failure, OR a failure only when all fail."""
    tests = [_fast(m) for m in group.matchers]
    if len(tests) == 1:
        return tests[0]
    if group.combine == "OR":
        def any_of(expected: Any, value: Any, text_wire: bool) -> str | None:
            reasons = [r for t in tests if (r := t(expected, value, text_wire))]
            return reasons[0] if len(reasons) == len(tests) else None
        return any_of

    def all_of(expected: Any, value: Any, text_wire: bool) -> str | None:
        for test in tests:
            reason = test(expected, value, text_wire)
            if reason:
                return reason
        return None
    return all_of
