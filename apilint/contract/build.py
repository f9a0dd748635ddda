"""``apilint contracts build``: recorded exchanges -> one contract YAML file per operation.

Exchanges are grouped by operation (the spec's path template when a spec is given, else the one
recorded, else an inferred one) and by response status; identical exchanges count once; each group
becomes one interaction whose values are generalised (docs/contracts.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apilint.contract import grpc_build
from apilint.contract.flows import apply_variables, link_flows, link_response
from apilint.contract.generalise import generalise
from apilint.contract.paths import infer_template, slug
from apilint.errors import InputError, shown_path
from apilint.grpc.record import is_grpc
from apilint.recording.reader import read_recordings
from apilint.recording.validate import exchange_problem
from apilint.safepath import OutsideFolder, inside, safe_name
from apilint.target import path_problem

if TYPE_CHECKING:
    from apilint.proxy.validation import SpecValidator

REQUEST_HEADERS = ("content-type", "accept", "authorization", "x-api-key", "idempotency-key")
RESPONSE_HEADERS = ("content-type", "location")
STATUS_WORDS = {
    200: "ok",
    201: "created",
    202: "accepted",
    204: "no_content",
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "unprocessable",
    429: "rate_limited",
    500: "server_error",
}


@dataclass
class BuildResult:
    records: int = 0
    skipped: int = 0
    invalid: list[str] = field(default_factory=list)  # file:line: why, for records of the wrong shape
    duplicates: int = 0
    files: list[str] = field(default_factory=list)
    interactions: int = 0
    grpc_left_out: int = 0  # gRPC interactions a pact cannot hold (--format pact)


def _headers(pairs: list, keep: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs or []:
        name = name.lower()
        if name in keep and name not in out:
            if name == "accept" and value == "*/*":
                continue
            out[name] = value
    return out


def _query(pairs: list) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in pairs or []:
        if name in out:
            out[name] = [*out[name], value] if isinstance(out[name], list) else [out[name], value]
        else:
            out[name] = value
    return out


def _body(side: dict) -> Any:
    return side.get("body") if side.get("body") is not None else side.get("body_text")


def _shape(record: dict) -> dict:
    """The parts of an exchange a contract keeps (and dedupes on)."""
    if is_grpc(record):
        return grpc_build.grpc_shape(record)
    req, resp = record.get("request") or {}, record.get("response") or {}
    return {
        "request": {
            "method": req.get("method", "GET").upper(),
            "path": req.get("path", "/"),
            "query": _query(req.get("query")),
            "headers": _headers(req.get("headers"), REQUEST_HEADERS),
            "body": _body(req),
        },
        "response": {
            "status": resp.get("status"),
            "headers": _headers(resp.get("headers"), RESPONSE_HEADERS),
            "body": _body(resp),
        },
    }


def _interaction(name: str, shapes: list[dict]) -> dict:
    """The request is the first recorded example, sent as it was (only redacted values become
    ``{{redacted}}``): invented values would make the responses of later, linked requests differ.
    The response generalises every recorded example."""
    first = shapes[0]["request"]
    resps = [s["response"] for s in shapes]
    request: dict[str, Any] = {
        "method": first["method"],
        "path": first["path"],
        "query": generalise([first["query"]], request=True),
        "headers": generalise([first["headers"]], request=True),
    }
    if first["body"] is not None:
        request["body"] = generalise([first["body"]], request=True)
    response: dict[str, Any] = {
        "status": resps[0]["status"],
        "headers": generalise([r["headers"] for r in resps]),
    }
    bodies = [r["body"] for r in resps]
    if any(b is not None for b in bodies):
        response["body"] = generalise(bodies)
    return {"name": name, "request": request, "response": response}


def group_exchanges(
    records: Iterable[dict], operation_of: Callable[[str, str, dict], str]
) -> tuple[dict[str, dict[tuple[int, bool], list[dict]]], int, int]:
    """operation -> (status, request broke the spec) -> distinct shapes, first seen first; plus the
    counts of records and duplicates. Requests the spec rejects form interactions of their own."""
    groups: dict[str, dict[tuple[int, bool], list[dict]]] = {}
    seen: set[str] = set()
    count = duplicates = 0
    for record in records:
        count += 1
        shape = _shape(record)
        key = json.dumps(shape, sort_keys=True, default=str)
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        shape["seq"] = count  # recorded order, for linking flows
        operation = operation_of(shape["request"]["method"], shape["request"]["path"], record)
        invalid = any(
            v.get("side") == "request" and v.get("kind") != "unknown_operation"
            for v in record.get("violations") or []
            if isinstance(v, dict)
        )
        group = (grpc_build.outcome_key(shape), invalid)
        groups.setdefault(operation, {}).setdefault(group, []).append(shape)
    return groups, count, duplicates


def _names(operation: str, method: str) -> bool:
    """Whether a recorded ``operation`` is ``METHOD /template`` for the request's method."""
    op_method, _, template = operation.partition(" ")
    return op_method.upper() == method and path_problem(template) is None


def _valid(located: Iterable[tuple[str, dict]], invalid: list[str]) -> Iterator[dict]:
    """The records of the promised shape; the others go to ``invalid`` as ``file:line: why``."""
    for where, record in located:
        problem = exchange_problem(record) or grpc_build.record_problem(record)
        if problem:
            invalid.append(f"{where}: {problem}")
        else:
            yield record


@dataclass
class Operation:
    """One operation's contract: its interactions, and for each the first recorded exchange (Pact files
    show concrete examples next to their matchers)."""

    name: str  # "POST /v1/orders", or an RPC: "/shop.orders.v1.OrderService/GetOrder"
    interactions: list[dict]
    examples: list[dict]
    streaming: str | None = None  # an RPC's streaming kind (unary, server, client, bidi)


def collect(folder: str, validator: SpecValidator | None = None) -> tuple[list[Operation], BuildResult]:
    """The contracts a recording folder makes, operation by operation (sorted), and the counts."""

    def operation_of(method: str, path: str, record: dict) -> str:
        if is_grpc(record):
            return path  # the RPC: /package.Service/Method
        if validator is not None:
            found = validator.operation(method, path)
            if found:
                return found
        elif _names(str(record.get("operation") or ""), method):
            return str(record["operation"])
        return f"{method} {infer_template(path)}"

    reader = read_recordings(folder)
    invalid: list[str] = []
    groups, count, duplicates = group_exchanges(_valid(reader.located(), invalid), operation_of)
    captures, variables = link_flows(groups)
    result = BuildResult(records=count, skipped=reader.skipped + len(invalid), invalid=invalid,
                         duplicates=duplicates)
    operations = []
    for operation in sorted(groups):
        method, _, template = operation.partition(" ")
        rpc = grpc_build.is_rpc(operation)
        base = grpc_build.interaction_base(operation) if rpc else f"{method.lower()}_{slug(template)}"
        interactions, examples = [], []
        for (status, invalid), shapes in sorted(groups[operation].items(), key=lambda kv: str(kv[0])):
            word = str(status).lower() if rpc else STATUS_WORDS.get(status, status)
            interaction = _interaction(f"{base}_{word}{'_invalid' if invalid else ''}", shapes)
            if rpc:
                grpc_build.grpc_interaction(interaction, shapes)
            group = (operation, (status, invalid))
            if group in variables:
                apply_variables(interaction["request"], variables[group])
            if group in captures:
                interaction["captures"] = captures[group]
            link_response(interaction, captures.get(group), variables.get(group))
            interactions.append(interaction)
            examples.append(shapes[0])
        streaming = next(iter(groups[operation].values()))[0].get("streaming") if rpc else None
        operations.append(Operation(operation, interactions, examples, streaming))
        result.interactions += len(interactions)
    return operations, result


def build_contracts(
    folder: str, out: str, validator: SpecValidator | None = None, source: str | None = None
) -> BuildResult:
    import yaml

    operations, result = collect(folder, validator)
    os.makedirs(out, exist_ok=True)
    for operation in operations:
        method, _, template = operation.name.partition(" ")
        header = {"operation": operation.name, "source": source or folder}
        name = safe_name(f"{method.upper()}_{slug(template)}") + ".yaml"
        if operation.streaming:
            header = grpc_build.contract_header(operation.name, operation.streaming, source or folder)
            name = grpc_build.file_name(operation.name)
        doc = {"contract": header, "interactions": operation.interactions}
        try:
            path = inside(out, name)
        except OutsideFolder as exc:  # a symlink planted in --out
            raise InputError(str(exc), file=shown_path(out)) from None
        with open(path, "w", encoding="utf-8") as fh:
            yaml.safe_dump(doc, fh, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
        result.files.append(path)
    return result
