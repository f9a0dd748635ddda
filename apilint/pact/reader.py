"""Pact files (specification V2, V3, V4) -> apilint interactions, with their matching rules.

HTTP interactions only: V4 interactions of another ``type`` (messages, plugins) are skipped with a note.
A malformed pact (bad JSON, an unknown specification version, a matcher apilint does not know) stops with
one line naming file and position.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from apilint.contract.rules import RuleError
from apilint.errors import InputError
from apilint.load.source import SourceFile, load_source
from apilint.pact.interaction import body_of, query_of
from apilint.pact.rules import read_generators, read_rules
from apilint.recording.captures import capture_location
from apilint.replay.model import Expected, Interaction

VERSIONS = {"1": 2, "1.1": 2, "2": 2, "3": 3, "4": 4}


def is_pact(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("interactions"), list) and (
        isinstance(data.get("consumer"), dict) or isinstance(data.get("provider"), dict))


def spec_version(source: SourceFile) -> int:
    meta = source.data.get("metadata") or {}
    raw = (meta.get("pactSpecification") or meta.get("pact-specification") or {}).get("version", "2.0.0") \
        if isinstance(meta, dict) else "2.0.0"
    text = str(raw).split(".")
    major = text[0] if text[0] != "1" or len(text) < 2 or text[1] in ("0", "") else "1.1"
    if major not in VERSIONS:
        line, column = source.positions(["/metadata"]).get("/metadata", (1, 1))
        raise InputError(f"unknown Pact specification version {raw!r} (apilint reads 2, 3 and 4)",
                         source.display, line, column)
    return VERSIONS[major]


def read_pact(path: Path | str, notes: list[str], only_if_pact: bool = False) -> list[Interaction]:
    """The HTTP interactions of one pact file; ``only_if_pact``: other JSON (in a folder) is a note, not an error."""
    source = load_source(str(path))
    if isinstance(source.data, dict) and isinstance(source.data.get("messages"), list) and \
            "interactions" not in source.data:
        notes.append(f"{source.display}: a message pact, skipped (apilint verifies HTTP interactions)")
        return []
    if not is_pact(source.data) and only_if_pact:
        notes.append(f"{source.display}: not a pact file (no consumer, provider and interactions), skipped")
        return []
    if not is_pact(source.data):
        raise InputError("not a pact file (needs consumer, provider and interactions)", source.display, 1, 1)
    spec = spec_version(source)
    consumer = (source.data.get("consumer") or {}).get("name", "consumer")
    provider = str((source.data.get("provider") or {}).get("name", "provider"))
    out = []
    for index, item in enumerate(source.data["interactions"]):
        pointer = f"/interactions/{index}"
        line, column = source.positions([pointer]).get(pointer, (1, 1))
        if not isinstance(item, dict):
            raise InputError(f"interaction {index} is not an object", source.display, line, column)
        kind = item.get("type", "Synchronous/HTTP")
        if kind != "Synchronous/HTTP":
            notes.append(f"{source.display}:{line}: interaction {index} of type {kind!r} skipped "
                         "(apilint verifies HTTP interactions)")
            continue
        try:
            out.append(replace(_interaction(source, item, index, spec, consumer, line),
                               consumer=str(consumer), provider=provider, captures=_captures(item)))
        except KeyError as exc:
            raise InputError(f"interaction {index}: missing {exc}", source.display, line, column) from None
        except (RuleError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"interaction {index}: {exc}", source.display, line, column) from None
    return out


def _captures(item: dict[str, Any]) -> dict[str, str]:
    """The captures apilint wrote into a pact it built (``comments.apilint.captures``), checked: with them
    replay links the requests itself when no provider-state hook is given."""
    found = ((item.get("comments") or {}).get("apilint") or {}).get("captures") or {}
    for expr in found.values():
        capture_location(str(expr))  # ValueError: one line with the interaction's position
    return {str(k): str(v) for k, v in found.items()}


def _interaction(source: SourceFile, item: dict[str, Any], index: int, spec: int, consumer: str,
                 line: int) -> Interaction:
    req, resp = item["request"], item["response"]
    if not isinstance(req, dict) or not isinstance(resp, dict):
        raise ValueError("needs a request and a response object")
    name = str(item.get("description") or f"{req['method']} {req['path']}")
    req_rules = read_rules(req.get("matchingRules"), spec)
    resp_rules = read_rules(resp.get("matchingRules"), spec)
    generators = {part: found for part, found in (("request", read_generators(req.get("generators"))),
                                                  ("response", read_generators(resp.get("generators")))) if found}
    body, _ = body_of(req)
    resp_body, resp_type = body_of(resp)
    headers = [(k.lower(), ", ".join(v) if isinstance(v, list) else str(v)) for k, v in
               (req.get("headers") or {}).items()]
    resp_headers = {k.lower(): ", ".join(v) if isinstance(v, list) else str(v)
                    for k, v in (resp.get("headers") or {}).items()}
    states = item.get("providerStates")
    if states is None and item.get("providerState"):
        states = [{"name": item["providerState"]}]
    query = [(k, v) for k, values in query_of(req.get("query")).items() for v in values]
    return Interaction(
        key=f"{source.display}#{name}#{index}", name=f"{consumer}: {name}", source=f"{source.display}:{line}",
        method=str(req["method"]).upper(), path=str(req["path"]), query=query, headers=headers,
        body=body if not isinstance(body, str) else None, body_text=body if isinstance(body, str) else None,
        expected=Expected(status=int(resp.get("status", 200)), content_type=resp_headers.get("content-type", resp_type),
                          headers=resp_headers, body=resp_body if not isinstance(resp_body, str) else None,
                          body_text=resp_body if isinstance(resp_body, str) else None, rules=resp_rules),
        contract=True, rules=req_rules, provider_states=list(states or []), generators=generators)
