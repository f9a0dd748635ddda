"""Stateful flows: which request uses a value an earlier response produced, and in what order to send.

Recordings are linked by value: a string a response produced (a UUID, or a value under a key named
``*id``/``*token``) that a later request sends again (path segment, query, header or body) is
replaced by what the new build returned at the same place. Contracts are linked by name: ``captures``
and ``{{var:NAME}}``. Besides these links, requests to one collection (``/v1/orders``) keep their
reader/writer order: a write waits for earlier reads and writes, a read waits for the last write.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from apilint.contract.links import linkable_strings
from apilint.recording.captures import VAR, VAR_START, Location, capture_location
from apilint.recording.walk import request_strings
from apilint.replay.model import Interaction

PROVIDER_STATE_NAME = re.compile(r"\$\{([^}]+)\}")  # ${NAME} in a pact's ProviderState generator
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(slots=True)
class Plan:
    interactions: list[Interaction]
    deps: list[set[int]]
    value_links: list[dict[str, tuple[int, Location]]]      # recorded value -> (producer, location)
    var_links: list[dict[str, tuple[int, Location]]]        # var name -> (producer, location)
    produced: list[dict[str, Location]] = field(default_factory=list)  # per producer: value -> location
    unbound: list[list[str]] = field(default_factory=list)  # {{var:NAME}} no earlier capture defines


def _request_strings(it: Interaction) -> Iterator[str]:
    return request_strings(it.path, it.query, it.headers, it.body)


def _uses(it: Interaction) -> list[str]:
    """The variables a request uses: ``{{var:NAME}}``, and ``${NAME}`` of a pact's ProviderState generators."""
    names = [name for text in _request_strings(it) for name in VAR.findall(text)]
    found = (it.generators or {}).get("request") or {}
    generators = [found["path"]] if isinstance(found.get("path"), dict) else []
    generators += [g for category in ("query", "header", "body") for g in (found.get(category) or {}).values()]
    names += [name for g in generators if isinstance(g, dict) and g.get("type") == "ProviderState"
              for name in PROVIDER_STATE_NAME.findall(str(g.get("expression", "")))]
    return list(dict.fromkeys(names))


def capture_order(interactions: list[Interaction]) -> list[Interaction]:
    """Contract files are one per operation, read in name order; put each interaction that captures a
    variable before the interactions that use it (otherwise keeping the given order)."""
    captured_at: dict[str, int] = {}
    for i, it in enumerate(interactions):
        for name in it.captures:
            captured_at.setdefault(name, i)
    needs = [sorted({captured_at[name] for name in _uses(it) if captured_at.get(name, i) != i})
             for i, it in enumerate(interactions)]
    order: list[int] = []
    placed: set[int] = set()

    def place(i: int, visiting: set[int]) -> None:
        if i in placed or i in visiting:  # a cycle keeps the given order
            return
        visiting.add(i)
        for j in needs[i]:
            place(j, visiting)
        placed.add(i)
        order.append(i)

    for i in range(len(interactions)):
        place(i, set())
    return [interactions[i] for i in order]


def plan(interactions: list[Interaction]) -> Plan:
    n = len(interactions)
    deps: list[set[int]] = [set() for _ in range(n)]
    value_links: list[dict[str, tuple[int, Location]]] = [{} for _ in range(n)]
    var_links: list[dict[str, tuple[int, Location]]] = [{} for _ in range(n)]
    produced_by: dict[str, tuple[int, Location]] = {}
    produced: list[dict[str, Location]] = [{} for _ in range(n)]
    unbound: list[list[str]] = [[] for _ in range(n)]
    captured_by: dict[str, tuple[int, Location]] = {}
    last_write: dict[str, int] = {}
    reads_since: dict[str, list[int]] = {}
    for i, it in enumerate(interactions):
        if it.contract:
            for name in _uses(it):
                if name in captured_by:
                    var_links[i][name] = captured_by[name]
                    deps[i].add(captured_by[name][0])
                elif not it.generators:  # a pact's state names come from the provider-state hook
                    unbound[i].append(name)
            for name, expr in it.captures.items():
                captured_by[name] = (i, capture_location(expr))
        else:
            for text in _request_strings(it):
                if text in produced_by:
                    value_links[i][text] = produced_by[text]
                    deps[i].add(produced_by[text][0])
            if it.expected.body is not None:
                for at, value in linkable_strings(it.expected.body):
                    produced[i].setdefault(value, at)
                    produced_by.setdefault(value, (i, at))
        collection = it.path.rsplit("/", 1)[0] if it.grpc else "/".join(it.path.split("/")[:3])  # gRPC: the service
        if it.method in WRITES:
            if collection in last_write:
                deps[i].add(last_write[collection])
            deps[i].update(reads_since.pop(collection, []))
            last_write[collection] = i
        else:
            if collection in last_write:
                deps[i].add(last_write[collection])
            reads_since.setdefault(collection, []).append(i)
    return Plan(interactions, deps, value_links, var_links, produced, unbound)


def shard(p: Plan, index: int, count: int) -> list[int]:
    """Indices in shard ``index`` (1-based) of ``count``: linked interactions stay together."""
    parent = list(range(len(p.interactions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(p.interactions)):
        for producer, _ in [*p.value_links[i].values(), *p.var_links[i].values()]:
            parent[root(i)] = root(producer)
    keep = []
    for i in range(len(p.interactions)):
        anchor = p.interactions[root(i)].key
        if zlib.crc32(anchor.encode()) % count == index - 1:
            keep.append(i)
    return keep


def lookup(body: Any, headers: dict[str, str], at: Location) -> Any:
    """The value at ``at`` in a response, or KeyError."""
    if at[0] == "headers":
        return headers[at[1]]
    value = body
    for part in at[1:]:
        in_object = isinstance(value, dict) and isinstance(part, str)
        in_array = isinstance(value, list) and isinstance(part, int) and part < len(value)
        if not (in_object or in_array):
            raise KeyError(part)
        value = value[part]
    return value


def substitute(value: Any, values: dict[str, Any], variables: dict[str, Any]) -> Any:
    """Replace linked recorded values and ``{{var:NAME}}`` inside a request body."""
    if isinstance(value, str):
        if value in values:
            return values[value]
        whole = VAR.fullmatch(value)
        if whole and whole.group(1) in variables:
            return variables[whole.group(1)]
        return VAR.sub(lambda m: str(variables.get(m.group(1), m.group(0))), value) if VAR_START in value else value
    if isinstance(value, dict):
        return {k: substitute(v, values, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, values, variables) for v in value]
    return value


def substitute_text(text: str, values: dict[str, Any], variables: dict[str, Any]) -> str:
    if text in values:
        return str(values[text])
    if VAR_START in text:
        return VAR.sub(lambda m: str(variables.get(m.group(1), m.group(0))), text)
    return text


def substitute_path(path: str, values: dict[str, Any], variables: dict[str, Any]) -> str:
    if values:
        path = "/".join(str(values.get(seg, seg)) if seg else seg for seg in path.split("/"))
    return substitute_text(path, {}, variables)
