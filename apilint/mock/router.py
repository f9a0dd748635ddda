"""The one decision per request: which route answers it, or none (a miss, for the on-miss policy).

Routes are indexed by method and number of path segments, so a request looks at the few routes of
its shape only. A route's values are compared by the matcher engine (``apilint.contract.rule_compare``,
with the rules ``apilint.contract.inline`` translated when the route was built; pacts with theirs).
Among the routes that match, the most specific wins (``apilint.contract.mismatch`` scores: an equal
literal beats a matcher, an id this mock handed out beats one of the right shape); ties go to the first
in SOURCE order.
"""

from __future__ import annotations

from typing import Any

from apilint.contract.mismatch import LITERAL, MATCHER, Mismatch, VarCheck
from apilint.contract.paths import is_id_segment
from apilint.contract.rule_compare import Compare
from apilint.contract.rules import Rules
from apilint.mock.request import NOT_JSON, Request
from apilint.mock.routes import LITERAL as LITERAL_SEG
from apilint.mock.routes import NO_BODY, PARAM_SEG, Route, Segment
from apilint.mock.state import State
from apilint.pact.request import request_mismatches
from apilint.replay.compare import media_type


def _cost(m: Mismatch) -> int:
    """How far a difference puts a route from a request, in choosing the nearest route: another method
    or path is further than any number of differences in the query, headers or body."""
    if m.where == "method":
        return 10_000
    if m.where == "path":
        return 1_000
    if m.where.startswith("path["):
        return 5 if str(m.expected).startswith("{{") else 100
    return 1


def _kind(segment: str) -> str:
    return "uuid" if len(segment) == 36 and segment.count("-") == 4 else "number" if segment.isdigit() else \
        "id" if is_id_segment(segment) else "word"


def _path(segments: tuple[Segment, ...], req: Request, out: list[Mismatch], text: Compare) -> int:
    got = req.segments
    if len(got) != len(segments):
        out.append(Mismatch("path", "another path", "/".join(s.value for s in segments), req.path))
        return 0
    score, before = 0, len(out)
    for i, (want, seg) in enumerate(zip(segments, got, strict=True)):
        if want.kind == LITERAL_SEG:
            if want.value != seg:
                out.append(Mismatch(f"path[{i}]", "path segment differs", want.value, seg))
                return 0
            score += LITERAL
        elif not seg:
            out.append(Mismatch(f"path[{i}]", "empty path parameter", want.value, seg))
            return 0
        elif want.kind == PARAM_SEG:
            score += LITERAL if seg == want.value else MATCHER if _kind(seg) == _kind(want.value) else 0
        else:  # a variable or a matcher: the engine's
            example, group = want.leaf  # type: ignore[misc]
            text.leaf(example, group, seg, f"path[{i}]")
        if len(out) > before:
            return 0
    return score


def _query(route: Route, req: Request, out: list[Mismatch], text: Compare) -> None:
    sent = req.query if route.query else {}
    for (name, recorded), (_, wanted) in zip(route.query, route.matching.query, strict=True):
        got = sent.get(name)
        if got is None:
            out.append(Mismatch(f"query.{name}", "query parameter missing",
                                recorded[0] if len(recorded) == 1 else recorded))
        elif len(got) != len(wanted):
            out.append(Mismatch(f"query.{name}", "sent another number of times", len(wanted), len(got)))
        else:
            for (example, group), value in zip(wanted, got, strict=True):
                text.leaf(example, group, value, f"query.{name}")


def _headers(route: Route, req: Request, out: list[Mismatch], text: Compare) -> int:
    score = 0
    for (name, recorded), (_, (example, group)) in zip(route.headers, route.matching.headers, strict=True):
        got = req.headers.get(name)
        if got is None:
            out.append(Mismatch(f"headers.{name}", "header missing", recorded))
        elif name == "content-type" and group is None:
            if media_type(example) != media_type(got):
                out.append(Mismatch("headers.content-type", "another media type", media_type(example),
                                    media_type(got)))
            else:
                score += LITERAL
        else:
            text.leaf(example, group, got, f"headers.{name}")
    return score


def _body(route: Route, req: Request, out: list[Mismatch], var: VarCheck, first_only: bool) -> int:
    want = route.body
    if want is NO_BODY:
        return 0
    if isinstance(want, str):
        got = req.body.decode("utf-8", "replace")
        if got != want:
            out.append(Mismatch("body", "text body differs", want[:200], got[:200]))
            return 0
        return LITERAL
    got = req.json
    if got is None or got is NOT_JSON:
        out.append(Mismatch("body", "no JSON body" if got is None else "body is not JSON", "JSON", None))
        return 0
    engine = route.matching.body_engine.restart(out, var, first_only)  # type: ignore[union-attr]
    engine.value(route.matching.body, got)
    return engine.score


def _pact(route: Route, req: Request, out: list[Mismatch], first_only: bool) -> int:
    """A pact's request: Pact's matching with the interaction's rules (``apilint.pact.request``)."""
    body: Any = req.json
    if body is NOT_JSON:
        body = req.body.decode("utf-8", "replace")
    found = request_mismatches(route.interaction, req.method, req.path, req.query, req.headers, body, first_only)
    out.extend(found)
    return 0 if found else LITERAL


def match(route: Route, req: Request, var: VarCheck, out: list[Mismatch], first_only: bool = True) -> int:
    """The score of ``req`` against ``route`` (meaningful only when ``out`` stays empty)."""
    if route.interaction.rules is not None:
        return _pact(route, req, out, first_only)
    if route.method != req.method:
        out.append(Mismatch("method", "another method", route.method, req.method))
        if first_only:
            return 0
    text = route.matching.text_engine
    if text is None:  # a literal path (and parameters) only: no value for the engine
        score = _path(route.segments, req, out, _NO_TEXT)
        if first_only and out:
            return 0
        return score + _body(route, req, out, var, first_only)
    text.restart(out, var, first_only)  # path segments, query and header values
    score = _path(route.segments, req, out, text)
    if first_only and out:
        return 0
    _query(route, req, out, text)
    if first_only and out:
        return 0
    score += _headers(route, req, out, text)
    if first_only and out:
        return 0
    return score + text.score + _body(route, req, out, var, first_only)


_NO_TEXT = Compare(Rules(), True, "", text_wire=True)  # never used: the route has no value to compare


class Router:
    def __init__(self, routes: list[Route], state: State) -> None:
        self.routes = routes
        self.state = state
        # per method and number of segments, one route per request shape: routes that differ only in
        # the recorded values of path parameters of the same kind score alike for a path none of them
        # recorded, and the first wins such a tie (10,000 recorded GETs of /v1/orders/{id}: one look)
        self.buckets: dict[tuple[str, int], list[Route]] = {}
        # routes recorded at exactly a path that has parameters: they win where their values are sent
        self.at_path: dict[tuple[str, str], list[Route]] = {}
        shapes: set[tuple[str, str]] = set()
        for route in routes:
            if any(s.kind == PARAM_SEG for s in route.segments):
                self.at_path.setdefault((route.method, route.interaction.path), []).append(route)
            shape = _shape(route)
            if shape not in shapes:
                shapes.add(shape)
                self.buckets.setdefault((route.method, len(route.segments)), []).append(route)
        # a bucket whose only route needs nothing but its literal path: answered without matching
        self.exact: dict[tuple[str, str], Route] = {}
        for (method, _), bucket in self.buckets.items():
            literal = [r for r in bucket if all(s.kind == LITERAL_SEG for s in r.segments)]
            for route in literal:
                key = (method, "/".join(s.value for s in route.segments))
                if route.simple and key not in self.exact and sum(
                        1 for r in bucket if _could_match(r, key[1])) == 1:
                    self.exact[key] = route

    def find(self, req: Request) -> Route | None:
        """The most specific route that matches ``req``, or None (a miss)."""
        route = self.exact.get((req.method, req.path))
        if route is not None:
            return route
        recorded = self.at_path.get((req.method, req.path))
        if recorded:
            route = self._best(recorded, req)
            if route is not None:
                return route
        return self._best(self.buckets.get((req.method, len(req.segments)), ()), req)

    def _best(self, routes: list[Route] | tuple[()], req: Request) -> Route | None:
        best: Route | None = None
        best_score = -1
        check = self.state.check
        for route in routes:
            out: list[Mismatch] = []
            score = match(route, req, check, out)
            if not out and score > best_score:
                best, best_score = route, score
        return best

    def nearest(self, req: Request) -> tuple[Route | None, list[Mismatch]]:
        """The route with the fewest differences from ``req``, and those differences."""
        found: tuple[Route | None, list[Mismatch]] = (None, [])
        fewest: Any = None
        for route in self.routes:
            out: list[Mismatch] = []
            match(route, req, self.state.check, out, first_only=False)
            cost = sum(_cost(m) for m in out)
            if fewest is None or cost < fewest:
                fewest, found = cost, (route, out)
        return found


def _could_match(route: Route, path: str) -> bool:
    segs = path.split("/")
    return all(s.kind != LITERAL_SEG or s.value == seg for s, seg in zip(route.segments, segs, strict=True))


def _shape(route: Route) -> tuple[str, str]:
    """What a request must hold to match ``route``, with path parameters reduced to their kind."""
    segments = [(s.kind, _kind(s.value) if s.kind == PARAM_SEG else s.value) for s in route.segments]
    body = "-" if route.body is NO_BODY else repr(route.body)
    rules = "" if route.interaction.rules is None else route.interaction.key  # a pact's rules: its own shape
    return route.method, repr((segments, route.query, route.headers, body, rules))
