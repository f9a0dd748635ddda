"""An interaction's answer: recorded values, echoes of the request, values generated in their
matcher's format, and ids remembered for later requests (``captures``).

An answer with nothing dynamic is rendered once, at startup, to the bytes sent for every hit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import orjson

from apilint.contract.matchers import parse
from apilint.mock.request import NOT_JSON, Request
from apilint.mock.state import State
from apilint.mock.wire import HIT, framed, head
from apilint.recording.captures import Location
from apilint.replay.flows import lookup
from apilint.replay.redacted import Filler
from apilint.replay.samples import concrete

_FILLER = Filler(run="mock")
Source = tuple[str, Any]  # ("path", index) | ("body", location) | ("query", name) | ("header", name)


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


_FRESH: dict[str, Callable[[], Any]] = {"uuid": lambda: str(uuid.uuid4()), "iso_timestamp": _now}


class Slot:
    """A place in an answer whose value is computed per request."""

    __slots__ = ()

    def value(self, req: Request, state: State) -> Any:
        raise NotImplementedError


class Generated(Slot):
    """A matcher whose value must be fresh each time: a new uuid, the current time."""

    __slots__ = ("fresh",)

    def __init__(self, fresh: Callable[[], Any]) -> None:
        self.fresh = fresh

    def value(self, req: Request | None = None, state: State | None = None) -> Any:
        return self.fresh()


def generated(matcher: str, name: str | None = None) -> Any:
    """The answer for a matcher: ``Generated`` when each answer needs a fresh value, else the sample
    value, fixed at startup (a placeholder of a redacted value filled for its field ``name``)."""
    fresh = _FRESH.get((parse(matcher) or ("",))[0])
    if fresh is not None:
        return Generated(fresh)
    value = concrete(matcher)
    return _FILLER.text(value, name) if isinstance(value, str) and value.startswith("{{redacted") else value


class Echo(Slot):
    """A value the recordings show the service copies from the request."""

    __slots__ = ("as_number", "fallback", "source")

    def __init__(self, source: Source, fallback: Any, as_number: bool) -> None:
        self.source, self.fallback, self.as_number = source, fallback, as_number

    def value(self, req: Request, state: State | None = None) -> Any:
        kind, key = self.source
        try:
            if kind == "path":
                found: Any = unquote(req.segments[key])
            elif kind == "body":
                body = req.json
                found = lookup(None if body is NOT_JSON else body, {}, ("body", *key))
            elif kind == "query":
                found = req.query[key][0]
            else:
                found = req.headers[key]
        except (KeyError, IndexError):
            return _fallback(self.fallback)
        if self.as_number and isinstance(found, str):
            try:
                return int(found)
            except ValueError:
                return found
        return found


class Remembered(Slot):
    """``{{var:NAME}}`` in a response whose request does not carry it: the id last handed out."""

    __slots__ = ("fallback", "name")

    def __init__(self, name: str, fallback: Any) -> None:
        self.name, self.fallback = name, fallback

    def value(self, req: Request | None, state: State) -> Any:
        return state.last[self.name] if self.name in state.last else _fallback(self.fallback)


def _fallback(value: Any) -> Any:
    return value.value() if isinstance(value, Generated) else value


def dynamic(node: Any) -> bool:
    if isinstance(node, Slot):
        return True
    if isinstance(node, dict):
        return any(dynamic(v) for v in node.values())
    if isinstance(node, list):
        return any(dynamic(v) for v in node)
    return False


def freeze(node: Any) -> Any:
    """The template with every part that never changes serialised once (``orjson.Fragment``), so a
    request walks only the paths to its slots."""
    if not dynamic(node):
        return orjson.Fragment(orjson.dumps(node))
    if isinstance(node, dict):
        return {k: freeze(v) for k, v in node.items()}
    if isinstance(node, list):
        return [freeze(v) for v in node]
    return node


def render(node: Any, req: Request, state: State) -> Any:
    kind = type(node)
    if kind is dict:
        return {k: render(v, req, state) for k, v in node.items()}
    if kind is list:
        return [render(v, req, state) for v in node]
    if isinstance(node, Slot):
        return node.value(req, state)
    return node


def field_name(at: Location) -> str | None:
    return next((part for part in reversed(at) if isinstance(part, str)), None)


def template(value: Any, leaf: Any = None, at: Location = ()) -> Any:
    """A response value as a template: matchers become their value or a ``Generated`` slot;
    ``leaf(at, value)`` may put an ``Echo`` or ``Remembered`` in place of a scalar."""
    if isinstance(value, dict):
        return {k: template(v, leaf, (*at, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [template(v, leaf, (*at, i)) for i, v in enumerate(value)]
    replaced = leaf(at, value) if leaf is not None else None
    if replaced is not None:
        return replaced
    if isinstance(value, str) and parse(value) is not None:
        return generated(value, field_name(at))
    return value


_DYNAMIC = object()


def _fixed(node: Any, at: Location) -> Any:
    """The value a capture takes when it never changes, else ``_DYNAMIC``; KeyError when absent."""
    for part in at[1:]:
        if isinstance(node, Slot):
            raise KeyError(part)
        if not ((isinstance(node, dict) and isinstance(part, str) and part in node)
                or (isinstance(node, list) and isinstance(part, int) and part < len(node))):
            raise KeyError(part)
        node = node[part]
    return _DYNAMIC if dynamic(node) else node


class Answer:
    """Status, headers and body of one interaction's response, ready to render."""

    def __init__(self, status: int, headers: list[tuple[str, Any]], body: Any, text: str | None,
                 captures: list[tuple[str, Location]]) -> None:
        self.status = status
        self.headers = headers  # (name, template)
        self.text = text  # a non-JSON body, as recorded
        # captures whose value never changes are remembered as that value; the rest are looked up in
        # the rendered answer (the path to a slot is never frozen)
        self.fixed_captures: list[tuple[str, Any]] = []
        self.captures: list[tuple[str, Location]] = []
        for name, at in captures:
            if at[0] == "headers":
                self.captures.append((name, at))
                continue
            try:
                value = _fixed(body, at)
            except KeyError:
                continue  # the answer never carries it
            if value is _DYNAMIC:
                self.captures.append((name, at))
            else:
                self.fixed_captures.append((name, value))
        self.body = freeze(body) if body is not None else None  # JSON template, or None
        self.static: tuple[bytes, bytes] | None = None
        self.top: bytes | None = None  # status line and headers, when no header is generated
        self.fixed: dict[str, str] = {}  # those headers
        if not any(dynamic(v) for _, v in headers):
            self.fixed = {n: str(v) for n, v in headers}
            self.top = head(status, list(self.fixed.items()))
            if not self.captures and not dynamic(body):
                self.static = self._bytes(self.body, [])

    def _bytes(self, body: Any, headers: list[tuple[str, str]]) -> tuple[bytes, bytes]:
        raw = orjson.dumps(body) if body is not None else (self.text or "").encode("utf-8")
        return framed(self.top if self.top is not None else head(self.status, headers), raw, HIT)

    def render(self, req: Request, state: State) -> tuple[bytes, bytes]:
        """(keep-alive bytes, closing bytes) for this request."""
        for name, value in self.fixed_captures:
            state.remember(name, value)
        if self.static is not None:
            return self.static
        body = render(self.body, req, state)
        headers = [] if self.top is not None else [(n, str(render(v, req, state))) for n, v in self.headers]
        for name, at in self.captures:
            try:
                state.remember(name, lookup(body, dict(headers) if headers else self.fixed, at))
            except KeyError:
                pass
        return self._bytes(body, headers)
