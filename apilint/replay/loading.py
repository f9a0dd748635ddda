"""Turn recordings (JSONL segments, HAR files, mitmproxy flow dumps), a contract folder (YAML) or pact files
(JSON) into interactions to replay."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from apilint.errors import InputError, shown_path
from apilint.grpc.descriptors import STREAMING_KINDS
from apilint.grpc.status import code_of
from apilint.load.source import SourceFile, load_source
from apilint.pact.reader import read_pact
from apilint.recording.captures import capture_location
from apilint.recording.format import ExchangeRecord
from apilint.recording.reader import RecordingReader
from apilint.recording.sources import recording_files, sniffed_kind
from apilint.recording.validate import exchange_problem, method_problem
from apilint.replay.flows import capture_order
from apilint.replay.model import Expected, Interaction
from apilint.target import path_problem


def _mapping(parent: dict[str, Any], key: str, where: str, bad: Callable[[str], InputError]) -> dict[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad(f"{where}.{key} must be a mapping (name: value), not a {type(value).__name__}")
    return value


def load(target: str, skipped: list[str]) -> list[Interaction]:
    """Interactions in recorded (or file) order; torn recording lines go to ``skipped``."""
    path = Path(target)
    if not path.exists():
        raise InputError("no such file or folder", shown_path(target))
    if path.is_file():
        if sniffed_kind(str(path)) is not None:  # a segment, a HAR file, a flow dump
            return _from_recordings([str(path)], skipped)
        if path.suffix == ".json":
            return capture_order(read_pact(path, skipped))
        return _from_contracts([path])
    files = sorted(p for p in path.rglob("*") if p.is_file())
    found = recording_files(str(path))
    if found:
        return _from_recordings(found, skipped)
    contracts = [p for p in files if p.suffix in (".yaml", ".yml")]
    pacts = [it for p in files if p.suffix == ".json" for it in read_pact(p, skipped, only_if_pact=True)]
    if contracts:
        return capture_order(_from_contracts(contracts) + pacts)
    if pacts:
        return capture_order(pacts)
    raise InputError("holds neither recordings (*.jsonl, *.har, *.mitm) nor contracts (*.yaml) nor pacts (*.json)",
                     shown_path(target))


def _from_recordings(files: list[str], skipped: list[str]) -> list[Interaction]:
    found: list[tuple[str, str, ExchangeRecord]] = []
    reader = RecordingReader(None, files=files)
    for where, record in reader.located():
        found.append((record["ts"] if isinstance(record.get("ts"), str) else "", where, record))
    skipped.extend(reader.problems)
    found.sort(key=lambda item: item[0])  # stable: same timestamp keeps file order
    out = []
    for _, where, record in found:
        problem = exchange_problem(record)
        if problem:
            skipped.append(f"{where}: {problem}")
        else:
            out.append(_recorded(where, record))
    return out


def _recorded(where: str, record: ExchangeRecord) -> Interaction:
    req, resp = record["request"], record["response"]
    call = record.get("grpc") if isinstance(record.get("grpc"), dict) else None
    return Interaction(
        key=str(record.get("id") or where), name=record.get("operation") or f"{req['method']} {req['path']}",
        source=where, method=str(req["method"]).upper(), path=str(req["path"]),
        query=[(str(k), str(v)) for k, v in req.get("query") or []],
        headers=[(str(k).lower(), str(v)) for k, v in req.get("headers") or []],
        body=req.get("body"), body_text=req.get("body_text"),
        expected=Expected(status=int(resp["status"]), content_type=resp.get("content_type"),
                          headers={str(k).lower(): str(v) for k, v in resp.get("headers") or []},
                          body=resp.get("body"), body_text=resp.get("body_text"),
                          grpc={"code": call.get("code"), "message": call.get("message"),
                                "details": call.get("details") or []} if call else None),
        contract=False, operation=record["operation"] if isinstance(record.get("operation"), str) else None,
        grpc=str(call.get("streaming") or "unary") if call else None)


def _from_contracts(files: list[Path]) -> list[Interaction]:
    out: list[Interaction] = []
    for file in files:
        source = load_source(str(file))
        interactions = source.data.get("interactions") if isinstance(source.data, dict) else None
        if not isinstance(interactions, list):
            raise InputError("a contract file needs a list of 'interactions'", source.display, 1, 1)
        header = source.data.get("contract")
        header = header if isinstance(header, dict) else {}
        operation = header.get("operation")
        streaming = _streaming(source, header)
        for index, item in enumerate(interactions):
            out.append(_contracted(source, index, item, operation if isinstance(operation, str) else None,
                                   streaming))
    return capture_order(out)


def _streaming(source: SourceFile, header: dict[str, Any]) -> str | None:
    """``contract: {protocol: grpc, streaming: unary|server|client|bidi}``: the file's RPCs are gRPC calls."""
    protocol = header.get("protocol", "http")
    if protocol == "http":
        return None
    streaming = header.get("streaming", "unary")
    if protocol != "grpc" or streaming not in STREAMING_KINDS:
        line, column = source.positions(["/contract"]).get("/contract", (None, None))
        raise InputError(f"contract: protocol is http or grpc, streaming one of {', '.join(STREAMING_KINDS)}",
                         source.display, line, column)
    return streaming


def _grpc_outcome(resp: dict[str, Any], bad: Callable[[str], InputError]) -> dict[str, Any]:
    """``response.grpc: {status: NOT_FOUND, message: ..., details: [...]}`` (message and details may hold matchers)."""
    outcome = _mapping(resp, "grpc", "response", bad)
    try:
        code = code_of(outcome.get("status", "OK"))
    except ValueError:
        raise bad(f"response.grpc.status {outcome.get('status')!r}: a gRPC status name (OK, NOT_FOUND, ...) "
                  "or code") from None
    if set(outcome) - {"status", "message", "details"}:
        raise bad("response.grpc holds status, message and details only")
    return {"code": code, "message": outcome.get("message"), "details": outcome.get("details")}


def _contracted(source: SourceFile, index: int, item: Any, operation: str | None,
                streaming: str | None = None) -> Interaction:
    pointer = f"/interactions/{index}"
    line, column = source.positions([pointer]).get(pointer, (None, None))

    def bad(message: str) -> InputError:
        return InputError(message, source.display, line, column)

    if not isinstance(item, dict) or not isinstance(item.get("request"), dict) \
            or not isinstance(item.get("response"), dict):
        raise bad("an interaction needs a 'request' and a 'response' mapping")
    req, resp = item["request"], item["response"]
    if not isinstance(req.get("method"), str) or not isinstance(req.get("path"), str):
        raise bad("request needs a 'method' and a 'path'")
    name = str(item.get("name") or f"{req['method']} {req['path']}")
    problem = method_problem(req["method"]) or path_problem(req["path"])
    if problem:
        raise bad(f"interaction {name!r} refused: {problem}")
    status = resp.get("status")
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise bad("response needs an integer 'status'")
    query: list[tuple[str, str]] = []
    for key, value in _mapping(req, "query", "request", bad).items():
        for one in value if isinstance(value, list) else [value]:
            if isinstance(one, dict | list):
                raise bad(f"request.query.{key}: a value is a string, a number or a list of them")
            query.append((str(key), str(one)))
    headers = {str(k).lower(): v for k, v in _mapping(req, "headers", "request", bad).items()}
    resp_headers = {str(k).lower(): v for k, v in _mapping(resp, "headers", "response", bad).items()}
    captures = _mapping(item, "captures", "interaction", bad)
    for expr in captures.values():
        try:
            capture_location(str(expr))
        except ValueError as exc:
            raise bad(str(exc)) from None
    states = provider_states(item.get("provider_states"), bad)
    extensions = _mapping(item, "mock", "interaction", bad)
    problem = extension_problem(extensions)
    if problem:
        raise bad(f"mock.{problem}")
    return Interaction(
        key=f"{source.display}#{name}#{index}", name=name, source=f"{source.display}:{line}",
        method=req["method"].upper(), path=req["path"], query=query,
        headers=[(k, v if isinstance(v, str) else str(v)) for k, v in headers.items()],
        body=req.get("body"), body_text=None,
        expected=Expected(status=status, content_type=resp_headers.get("content-type"),
                          headers=resp_headers, body=resp.get("body"), body_text=None,
                          grpc=_grpc_outcome(resp, bad) if streaming else None),
        contract=True, captures={str(k): str(v) for k, v in captures.items()}, operation=operation,
        extensions=extensions, provider_states=states, grpc=streaming)


def provider_states(value: Any, bad: Callable[[str], InputError]) -> list[dict[str, Any]]:
    """``provider_states: [{name: ..., params: {...}}]`` (Pact's ``providerStates``), checked."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad("provider_states must be a list of {name, params}")
    out = []
    for state in value:
        if not isinstance(state, dict) or not isinstance(state.get("name"), str) \
                or not isinstance(state.get("params") or {}, dict) or set(state) - {"name", "params"}:
            raise bad("a provider state is a mapping with a 'name' (string) and optional 'params' (mapping)")
        out.append({"name": state["name"], "params": dict(state.get("params") or {})})
    return out


FAULTS = ("reset", "timeout", "500")


def extension_problem(mock: dict[str, Any]) -> str | None:
    """Why an interaction's ``mock:`` mapping (latency and faults for ``apilint mock``) is wrong, or None."""
    for key, value in mock.items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if key == "latency_ms" and not (number and 0 <= value <= 600_000):
            return "latency_ms: a number of milliseconds, 0 to 600000"
        if key == "fault" and str(value) not in FAULTS:
            return f"fault: one of {', '.join(FAULTS)}"
        if key == "fault_rate" and not (number and 0 <= value <= 1):
            return "fault_rate: a number from 0 to 1"
        if key not in ("latency_ms", "fault", "fault_rate"):
            return f"{key}: unknown (latency_ms, fault, fault_rate)"
    return None
