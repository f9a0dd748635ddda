"""Recorded contracts as one Pact V4 file (``apilint contracts build DIR --format pact``).

Each contract interaction becomes a ``Synchronous/HTTP`` interaction: the first recorded exchange is the
example, the generalised matchers become matching rules (``rules_out``), values Pact cannot express
(``{{any}}``, a redacted response value) are left out of the response, credentials (redacted headers)
never reach the file. An id a request reuses from an earlier response (``{{var:NAME}}``) becomes a
provider state of the producing interaction with the recorded id as its parameter, and a
``ProviderState`` generator where the request sends it; the apilint captures ride along in the
interaction's ``comments`` so apilint can link the requests itself when no state hook is given.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from apilint.contract.build import BuildResult, Operation
from apilint.contract.matchers import holds, parse
from apilint.errors import InputError, shown_path
from apilint.outfile import write_text
from apilint.pact.rules_out import rules_for
from apilint.recording.captures import VAR, capture_location
from apilint.replay.flows import lookup
from apilint.replay.samples import concrete
from apilint.safepath import OutsideFolder, inside, safe_name

SPECIFICATION = "4.0"
_MISSING = object()
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if _IDENTIFIER.match(key) else f"{path}['{key}']"


def _redacted(value: Any) -> bool:
    return isinstance(value, str) and ("<redacted:" in value or value.startswith("{{redacted"))


class _Side:
    """One request or response: its example value and the matching rules and generators found on the way."""

    def __init__(self, request: bool) -> None:
        self.request = request
        self.rules: dict[str, dict[str, Any]] = {}
        self.generators: dict[str, dict[str, Any]] = {}

    def value(self, general: Any, example: Any, path: str, category: str = "body") -> Any:
        """The example to write for ``general`` (a contract value) at JSON path ``path``; _MISSING: leave out."""
        if isinstance(general, dict):
            sample = example if isinstance(example, dict) else {}
            out = {}
            for key, item in general.items():
                value = self.value(item, sample.get(key, _MISSING), _key(path, str(key)), category)
                if value is not _MISSING:
                    out[key] = value
            return out
        if isinstance(general, list):
            sample = example if isinstance(example, list) else []
            out_list = []
            for index, item in enumerate(general):
                seen = sample[index] if index < len(sample) else _MISSING
                value = self.value(item, seen, f"{path}[{index}]", category)
                if value is _MISSING:  # an item keeps its place: the recorded value, unless redacted
                    value = None if seen is _MISSING or _redacted(seen) else seen
                out_list.append(value)
            return out_list
        if isinstance(general, str) and VAR.search(general):
            return self._variable(general, example, path, category)
        matcher = parse(general)
        if matcher is None:
            return general
        if self.request:  # sent as recorded; a redacted value keeps its placeholder, never a secret
            if example is not _MISSING:
                return example
            return "<redacted:value>" if matcher[0] == "redacted" else concrete(general)
        name, arg = matcher
        if not holds(name, arg, example):
            example = concrete(general)
        rules = rules_for(name, arg, example)
        if rules is None:
            return _MISSING
        self._rule(category, path, rules)
        return example

    def _variable(self, general: str, example: Any, path: str, category: str) -> Any:
        expression = VAR.sub(lambda m: "${" + m.group(1) + "}", general)
        generator = {"type": "ProviderState", "expression": expression, "dataType": "STRING"}
        if category == "path":
            self.generators["path"] = generator
        else:
            self.generators.setdefault(category, {})[path] = generator
        return example if example is not _MISSING else general

    def _rule(self, category: str, path: str, matchers: list[dict[str, Any]]) -> None:
        self.rules.setdefault(category, {})[path] = {"combine": "AND", "matchers": matchers}


def _headers(general: dict[str, Any], example: dict[str, str], side: _Side) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in general.items():
        if _redacted(value) or _redacted(example.get(name)):
            continue  # a credential: supplied by the verifier, never written
        shown = side.value(value, example.get(name, _MISSING), name, "header")
        if shown is not _MISSING:
            out[name] = [str(shown)]
    return out


def _body(general: Any, example: Any, headers: dict[str, list[str]], side: _Side) -> dict[str, Any] | None:
    content = side.value(general, example, "$")
    if content is _MISSING:
        return None
    content_type = (headers.get("content-type") or ["application/json"])[0]
    return {"content": content, "contentType": content_type, "encoded": False}


def _finish(part: dict[str, Any], general: dict[str, Any], example: dict[str, Any], side: _Side) -> dict[str, Any]:
    """``part`` with the headers, body, matching rules and generators of one request or response."""
    headers = _headers(general.get("headers") or {}, example.get("headers") or {}, side)
    if headers:
        part["headers"] = headers
    if "body" in general:
        body = _body(general["body"], example.get("body"), headers, side)
        if body is not None:
            part["body"] = body
    if side.rules:
        part["matchingRules"] = side.rules
    if side.generators:
        part["generators"] = side.generators
    return part


def _request(general: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    side = _Side(request=True)
    path = general["path"]
    if VAR.search(path):
        side.value(path, example["path"], "path", "path")
    query: dict[str, list[str]] = {}
    for name, value in (general.get("query") or {}).items():
        recorded = (example.get("query") or {}).get(name)
        values = value if isinstance(value, list) else [value]
        shown = recorded if isinstance(recorded, list) else [recorded] * len(values)
        query[name] = [str(side.value(v, s, name, "query")) for v, s in zip(values, shown, strict=False)]
    request: dict[str, Any] = {"method": general["method"], "path": example["path"]}
    if query:
        request["query"] = query
    return _finish(request, general, example, side)


def _response(general: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    return _finish({"status": general["status"]}, general, example, _Side(request=False))


def _states(operations: list[Operation]) -> dict[str, tuple[str, Any]]:
    """Captured variable -> (the producing interaction's name, the value it recorded)."""
    found: dict[str, tuple[str, Any]] = {}
    for operation in operations:
        for interaction, example in zip(operation.interactions, operation.examples, strict=True):
            for name, expr in (interaction.get("captures") or {}).items():
                resp = example["response"]
                try:
                    value = lookup(resp.get("body"), resp.get("headers") or {}, capture_location(expr))
                except KeyError:
                    value = None
                found[name] = (interaction["name"], value)
    return found


def _used(request: dict[str, Any]) -> list[str]:
    text = json.dumps(request)
    return list(dict.fromkeys(VAR.findall(text)))


def pact_document(operations: list[Operation], consumer: str, provider: str) -> dict[str, Any]:
    """The Pact V4 document for the contracts ``collect`` built."""
    states = _states(operations)
    interactions = []
    recorded = sorted(((example.get("seq", 0), operation, interaction, example) for operation in operations
                       for interaction, example in zip(operation.interactions, operation.examples, strict=True)),
                      key=lambda found: found[0])
    for _, operation, interaction, example in recorded:  # in recorded order: what a request needs comes first
        out: dict[str, Any] = {"type": "Synchronous/HTTP", "description": interaction["name"]}
        params: dict[str, dict[str, Any]] = {}
        for name in _used(interaction["request"]):
            if name in states:
                producer, value = states[name]
                params.setdefault(producer, {})[name] = value
        if params:
            out["providerStates"] = [{"name": state, "params": values} for state, values in params.items()]
        out["request"] = _request(interaction["request"], example["request"])
        out["response"] = _response(interaction["response"], example["response"])
        if interaction.get("captures"):
            out["comments"] = {"apilint": {"operation": operation.name,
                                           "captures": interaction["captures"]}}
        interactions.append(out)
    return {"consumer": {"name": consumer}, "provider": {"name": provider}, "interactions": interactions,
            "metadata": {"pactSpecification": {"version": SPECIFICATION},
                         "apilint": {"source": "recorded traffic (apilint contracts build --format pact)"}}}


def write_pact(folder: str, out: str | None, consumer: str, provider: str,
               validator: Any = None) -> tuple[str, BuildResult]:
    """Build the pact of a recording folder and write it to ``out``: a file, or a folder (existing, or
    ending in ``/``) that gets ``CONSUMER-PROVIDER.json``; none: that name in the current folder."""
    from apilint.contract.build import collect

    operations, result = collect(folder, validator)
    rpcs = [operation for operation in operations if operation.streaming]
    if rpcs:  # Pact describes gRPC only through its protobuf plugin, which apilint does not write
        result.grpc_left_out = sum(len(operation.interactions) for operation in rpcs)
        result.interactions -= result.grpc_left_out
        operations = [operation for operation in operations if not operation.streaming]
        if not operations:
            raise InputError(f"all {result.grpc_left_out} interactions are gRPC calls, which a Pact file holds "
                             "only through Pact's protobuf plugin: build YAML contracts (--format yaml) instead",
                             shown_path(folder))
    name = safe_name(f"{consumer}-{provider}") + ".json"
    if out is None:
        path = name
    elif os.path.isdir(out) or out.endswith(("/", os.sep)):
        os.makedirs(out, exist_ok=True)
        try:
            path = inside(out, name)
        except OutsideFolder as exc:
            raise InputError(str(exc), file=shown_path(out)) from None
    else:
        path = out
    if result.records:
        text = json.dumps(pact_document(operations, consumer, provider), indent=2, ensure_ascii=False)
        write_text(path, text + "\n", "pact")
        result.files.append(path)
    return path, result
