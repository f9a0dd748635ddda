"""Stateful flows in contracts: an id a response produced that a later request sends back becomes a
``captures`` entry on the producing interaction and ``{{var:NAME}}`` in the consuming one, so replay
sends the id the *new* build returns (docs/contracts.md, "Flows")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from apilint.contract.links import linkable_strings, variable_name
from apilint.contract.matchers import parse
from apilint.recording.captures import capture_expression, capture_location, variable
from apilint.recording.walk import request_strings

GroupKey = tuple[str, Any]  # (operation, (status, invalid))


def link_flows(groups: dict[str, dict[Any, list[dict]]]) -> tuple[dict[GroupKey, dict[str, str]],
                                                                   dict[GroupKey, dict[str, str]]]:
    """(captures per producing group: name -> expression, variables per consuming group: value -> name),
    judged in recorded order (each shape carries ``seq``): a value links to the first response that
    produced it before the request that reuses it."""
    ordered = sorted(((shape["seq"], (op, key), shape) for op, by_key in groups.items()
                      for key, shapes in by_key.items() for shape in shapes), key=lambda item: item[0])
    first_shape = {(op, key): shapes[0]["seq"] for op, by_key in groups.items() for key, shapes in by_key.items()}
    produced: dict[str, tuple[GroupKey, tuple]] = {}
    captures: dict[GroupKey, dict[str, str]] = {}
    variables: dict[GroupKey, dict[str, str]] = {}
    names: dict[tuple[GroupKey, tuple], str] = {}
    for seq, group, shape in ordered:
        if seq == first_shape[group]:  # the group's request is written from its first shape
            for value in _request_strings(shape["request"]):
                if value in produced and produced[value][0] != group:
                    producer, at = produced[value]
                    name = names.get((producer, at))
                    if name is None:
                        name = _unique(variable_name(at), {n for c in captures.values() for n in c})
                        names[(producer, at)] = name
                        captures.setdefault(producer, {})[name] = capture_expression(at)
                    variables.setdefault(group, {})[value] = name
        for at, value in linkable_strings(shape["response"]["body"]):
            produced.setdefault(value, (group, at))
    return captures, variables


def apply_variables(request: dict[str, Any], variables: dict[str, str]) -> None:
    """Replace linked values in a contract request (path segments, query and header values, body strings)."""
    request["path"] = "/".join(variable(variables[seg]) if seg in variables else seg
                               for seg in request["path"].split("/"))
    for part in ("query", "headers"):
        if isinstance(request.get(part), dict):
            request[part] = {k: swap_values(v, variables) for k, v in request[part].items()}
    if "body" in request:
        request["body"] = swap_values(request["body"], variables)


def swap_values(value: Any, variables: dict[str, str]) -> Any:
    """Every string of ``value`` that is a linked value (a key of ``variables``) as its ``{{var:NAME}}``."""
    if isinstance(value, str):
        return variable(variables[value]) if value in variables else value
    if isinstance(value, dict):
        return {k: swap_values(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [swap_values(v, variables) for v in value]
    return value


def _request_strings(request: dict[str, Any]) -> Iterator[str]:
    return request_strings(request.get("path", ""), (request.get("query") or {}).items(),
                           (request.get("headers") or {}).items(), request.get("body"))


def _unique(name: str, taken: set[str]) -> str:
    candidate, index = name, 2
    while candidate in taken:
        candidate, index = f"{name}_{index}", index + 1
    return candidate


def link_response(interaction: dict, captures: dict[str, str] | None, variables: dict[str, str] | None) -> None:
    """Ids handed out in responses (REST bodies and gRPC messages): a captured value is the new build's to choose (a
    ``{{non_empty_string}}`` where the recording saw one value), and a linked value a later response echoes
    is the ``{{var:NAME}}`` the request sent, not the recorded literal."""
    response = interaction["response"]
    if "body" not in response:
        return
    for expression in (captures or {}).values():
        at = capture_location(expression)
        if at[0] == "body":
            _generalise_at(response, ("body", *at[1:]))
    if variables:
        response["body"] = swap_values(response["body"], variables)


def _generalise_at(parent: Any, at: tuple) -> None:
    for part in at[:-1]:
        if not _holds(parent, part):
            return
        parent = parent[part]
    if _holds(parent, at[-1]) and isinstance(parent[at[-1]], str) and parse(parent[at[-1]]) is None:
        parent[at[-1]] = "{{non_empty_string}}" if parent[at[-1]] else "{{string}}"


def _holds(value: Any, part: Any) -> bool:
    return (isinstance(value, dict) and part in value) or (isinstance(value, list) and isinstance(part, int)
                                                           and part < len(value))
