"""Interactions compiled into routes: what a request must hold to get an interaction's answer.

- **Path**: segments of the path template are parameters: those of the recorded or contract
  ``operation`` (``GET /v1/orders/{order_id}``), else ids as ``apilint contracts build`` infers them
  (numbers, UUIDs, long opaque tokens), and ``{{var:NAME}}``; the other segments are literal.
- **Query and headers**: the query parameters the interaction names; the headers that matter
  (those a contract names, of a recording those ``contracts build`` keeps) except ``accept`` and
  ``idempotency-key``. A
  redacted header must be present with any value; ``content-type`` compares media types.
- **Body**: the request body, except values the response echoes (recordings show the service copies
  them), which match any value of their type and are copied into the answer.

What the matcher engine compares (``Matching``) is translated here, once per route: inline matchers become
rules (``apilint.contract.inline``), and each route keeps its engines (``apilint.contract.rule_compare``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apilint.contract.build import REQUEST_HEADERS
from apilint.contract.inline import Leaf, text_leaf, translate
from apilint.contract.matchers import PREDICATES, holds, parse
from apilint.contract.paths import infer_template
from apilint.contract.rule_compare import Compare
from apilint.mock.answer import Answer, Echo, Remembered, Source, field_name, generated, template
from apilint.pact.generated import answer_body
from apilint.recording.captures import VAR, Location, capture_location
from apilint.recording.paths import PARAM, compile_template
from apilint.replay.model import Interaction

NO_BODY = object()
LITERAL, PARAM_SEG, VARIABLE, MATCHER = "literal", "param", "var", "matcher"
# not matched: content negotiation and transport, and the idempotency key (unique per request by nature:
# it decides what the real service returns, not which interaction it is)
_IGNORED_HEADERS = frozenset({"accept", "host", "content-length", "user-agent", "accept-encoding", "connection",
                              "idempotency-key"})
_RECORDED_HEADERS = frozenset(REQUEST_HEADERS) - {"accept"}
_NUMERIC = frozenset({"positive_integer", "integer", "number"})


@dataclass(frozen=True, slots=True)
class Segment:
    kind: str  # literal | param | var | matcher
    value: str  # the literal, the recorded value of a parameter, the var name, the matcher
    leaf: Leaf | None = None  # a var's or matcher's rule for the matcher engine


@dataclass(frozen=True, slots=True)
class Matching:
    """A route's request as the matcher engine compares it, translated once when the route is built."""

    query: list[tuple[str, list[Leaf]]]
    headers: list[tuple[str, Leaf]]
    body: Any  # a JSON body's example
    body_engine: Compare | None  # with the body's rules (None: no JSON body)
    text_engine: Compare | None  # for path segments, query and header values (None: nothing to compare)


@dataclass(slots=True)
class Route:
    index: int
    interaction: Interaction
    method: str
    segments: tuple[Segment, ...]
    query: list[tuple[str, list[Any]]]
    headers: list[tuple[str, Any]]
    body: Any  # NO_BODY, a JSON template, or text
    answer: Answer
    simple: bool  # only method and literal path decide: the hot path needs no other look
    matching: Matching


def _redacted(value: Any) -> Any:
    """Recorded redacted values match anything (replay sends a sample for them, the mock accepts any)."""
    if isinstance(value, str) and ("<redacted:" in value or value.startswith("{{redacted")):
        return "{{redacted}}"
    if isinstance(value, dict):
        return {k: _redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value


def _parameters(it: Interaction) -> set[int]:
    """Indices of the path segments that are parameters of the operation's template."""
    segments = it.path.split("/")
    method, _, operation = (it.operation or "").partition(" ")
    templated = infer_template(it.path)
    if method.upper() == it.method and operation and compile_template(operation).match(it.path) is not None:
        templated = operation
    parts = templated.split("/")
    if len(parts) != len(segments):
        return set()
    return {i for i, part in enumerate(parts) if PARAM.search(part)}


def _segments(it: Interaction) -> tuple[Segment, ...]:
    params = _parameters(it)
    out = []
    for i, seg in enumerate(it.path.split("/")):
        var = VAR.fullmatch(seg)
        if var:
            out.append(Segment(VARIABLE, var.group(1), text_leaf(seg)))
        elif parse(seg) is not None or "<redacted:" in seg:
            matcher = str(_redacted(seg))
            out.append(Segment(MATCHER, matcher, text_leaf(matcher)))
        elif i in params:
            out.append(Segment(PARAM_SEG, seg))
        else:
            out.append(Segment(LITERAL, seg))
    return tuple(out)


def _leaves(value: Any, at: Location = ()) -> list[tuple[Location, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*at, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*at, i))]
    return [(at, value)] if isinstance(value, str | int | float) and not isinstance(value, bool) else []


def _key(at: Location) -> str:
    name = next((str(p) for p in reversed(at) if isinstance(p, str)), "")
    return name.lower().replace("_", "").replace("-", "")


@dataclass(slots=True)
class _Position:
    source: Source
    recorded: Any  # None for a variable or matcher (no recorded value)
    key: str  # flattened name: path parameter's, body field's, query parameter's
    var: str | None = None


def _positions(it: Interaction, segments: tuple[Segment, ...], query: list[tuple[str, list[Any]]]) -> list[_Position]:
    """Where the request carries values an answer may echo: path parameters, body fields, query values."""
    out: list[_Position] = []
    templated = (it.operation or "").partition(" ")[2].split("/")
    for i, seg in enumerate(segments):
        name = templated[i] if len(templated) == len(segments) else ""
        name = name.strip("{}").lower().replace("_", "").replace("-", "")
        if seg.kind == VARIABLE:
            out.append(_Position(("path", i), None, seg.value.lower().replace("_", ""), seg.value))
        elif seg.kind in (PARAM_SEG, MATCHER):
            out.append(_Position(("path", i), seg.value if seg.kind == PARAM_SEG else None, name))
    if it.body is not None:
        for at, value in _leaves(it.body):
            var = VAR.fullmatch(value) if isinstance(value, str) else None
            out.append(_Position(("body", at), None if var else value, _key(at), var.group(1) if var else None))
    for name, values in query:
        if len(values) == 1:
            var = VAR.fullmatch(str(values[0]))
            out.append(_Position(("query", name), None if var else values[0], _key((name,)),
                                 var.group(1) if var else None))
    return out


def _compatible(response: Any, recorded: Any) -> bool:
    """Whether a response value can be the echo of a recorded request value (``None``: not recorded)."""
    matcher = parse(response) if isinstance(response, str) else None
    if matcher is None:
        return recorded is not None and str(response) == str(recorded) and response != ""
    name, arg = matcher
    if name == "var" or recorded is None:
        return name != "var"
    if name in _NUMERIC and isinstance(recorded, str):
        return recorded.lstrip("-").isdigit()
    return holds(name, arg, recorded)


def _echoes(it: Interaction, positions: list[_Position]) -> tuple[Any, set[Source]]:
    """The response body as a template with echoes, and the request positions echoed."""
    used: set[Source] = set()
    by_var = {p.var: p for p in positions if p.var}

    def leaf(at: Location, value: Any) -> Any:
        whole = VAR.fullmatch(value) if isinstance(value, str) else None
        if whole:
            carried = by_var.get(whole.group(1))
            if carried is not None:
                used.add(carried.source)
                return Echo(carried.source, generated("{{non_empty_string}}"), False)
            return Remembered(whole.group(1), generated("{{non_empty_string}}"))
        key = _key(at)
        number = isinstance(value, int | float) or (isinstance(value, str) and (parse(value) or ("",))[0] in _NUMERIC)
        # the same location in the request first (items[0].product_id), then the same name
        ranked = sorted(positions, key=lambda p: p.source != ("body", at))
        for p in ranked:
            same_name = bool(key) and p.key == key
            by_value = p.source[0] == "path" and p.recorded is not None and value == p.recorded
            if (same_name and _compatible(value, p.recorded)) or by_value:
                used.add(p.source)
                fallback = generated(value, field_name(at)) if isinstance(value, str) and parse(value) else value
                return Echo(p.source, fallback, number)
        return None

    answer = answer_body(it)  # a pact's generated values: fresh each time
    body = template(answer, leaf) if answer is not None else None
    return body, used


def _loosen(body: Any, used: set[Source]) -> Any:
    """The request body with echoed values matching any value of their type."""
    for kind, at in used:
        if kind != "body" or not at:
            continue
        parent = body
        for part in at[:-1]:
            parent = parent[part]
        value = parent[at[-1]]
        if isinstance(value, str) and not value.startswith("{{"):
            parent[at[-1]] = "{{non_empty_string}}" if value else "{{string}}"
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parent[at[-1]] = "{{integer}}" if isinstance(value, int) else "{{number}}"
    return body


def _shape(value: Any) -> Callable[[Any], bool]:
    """Ids of the same kind as a recorded one: a UUID, a number, else any non-empty value."""
    if PREDICATES["uuid"](value):
        return PREDICATES["uuid"]
    if str(value).isdigit():
        return lambda v: str(v).isdigit()
    return lambda v: isinstance(v, str | int) and str(v) != ""


def capture_shapes(interactions: list[Interaction]) -> dict[str, Callable[[Any], bool]]:
    """var name -> the shape of what its producing response hands out."""
    shapes: dict[str, Callable[[Any], bool]] = {}
    for it in interactions:
        for name, expr in it.captures.items():
            at = capture_location(expr)
            try:
                value: Any = it.expected.body if at[0] == "body" else it.expected.headers
                for part in at[1:]:
                    value = value[part]
            except (KeyError, IndexError, TypeError):
                continue
            matcher = parse(value) if isinstance(value, str) else None
            if matcher is not None and matcher[0] not in ("var", "any", "redacted"):
                shapes[name] = lambda v, m=matcher: holds(m[0], m[1], v) or (
                    m[0] in _NUMERIC and isinstance(v, str) and v.lstrip("-").isdigit())
            elif matcher is None:
                shapes[name] = _shape(value)
    return shapes


def _headers(it: Interaction) -> list[tuple[str, Any]]:
    keep = [(k, v) for k, v in it.headers if k not in _IGNORED_HEADERS]
    if it.body is None and not it.body_text:  # a content type says something about a body only
        keep = [(k, v) for k, v in keep if k != "content-type"]
    if not it.contract:
        keep = [(k, v) for k, v in keep if k in _RECORDED_HEADERS]
    return [(k, _redacted(v)) for k, v in keep]


def _answer(it: Interaction, body: Any) -> Answer:
    exp = it.expected
    headers: list[tuple[str, Any]] = [(k, template(v, at=("headers", k))) for k, v in exp.headers.items()]
    if exp.content_type and "content-type" not in exp.headers:
        headers.insert(0, ("content-type", exp.content_type))
    captures = []
    for name, expr in it.captures.items():
        captures.append((name, capture_location(expr)))
    return Answer(exp.status, headers, body, exp.body_text, captures)


def compile_route(index: int, it: Interaction) -> Route:
    segments = _segments(it)
    grouped: dict[str, list[Any]] = {}
    for name, value in it.query:
        grouped.setdefault(name, []).append(_redacted(value))
    query = list(grouped.items())
    positions = _positions(it, segments, query)
    body_template, used = _echoes(it, positions)
    if it.body is not None:
        body: Any = _loosen(_redacted(_copy(it.body)), used)
    elif it.body_text:
        body = it.body_text
    else:
        body = NO_BODY
    for kind, name in used:
        if kind == "query":
            query = [(n, ["{{string}}"] if n == name else v) for n, v in query]
    headers = _headers(it)
    simple = all(s.kind == LITERAL for s in segments) and not query and not headers and body is NO_BODY \
        and not it.rules
    example, rules = translate(body) if body is not NO_BODY and not isinstance(body, str) else (None, None)
    texts = bool(query or headers or any(s.leaf for s in segments))
    matching = Matching([(name, [text_leaf(v) for v in values]) for name, values in query],
                        [(name, text_leaf(v)) for name, v in headers], example,
                        Compare(rules, True, "body", zip_other_lengths=False) if rules is not None else None,
                        Compare(None, True, "", text_wire=True) if texts else None)
    return Route(index, it, it.method, segments, query, headers, body, _answer(it, body_template), simple, matching)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
