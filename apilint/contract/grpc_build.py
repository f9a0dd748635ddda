"""gRPC records in ``apilint contracts build``: one contract file per RPC, one interaction per RPC and gRPC
status (docs/contracts.md, "gRPC contracts"). The grouping, generalising and flow linking are REST's
(``build``); this module says what of a gRPC record a contract keeps and how the file is named."""

from __future__ import annotations

import re
from typing import Any

from apilint.contract.generalise import generalise
from apilint.grpc.descriptors import STREAMING_KINDS, UNARY
from apilint.grpc.record import is_application_metadata, is_grpc
from apilint.safepath import safe_name


def _metadata(pairs: list | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs or []:
        name = str(name).lower()
        if is_application_metadata(name) and name not in out:
            out[name] = value
    return out


def grpc_shape(record: dict) -> dict:
    """The parts of a gRPC exchange a contract keeps (and dedupes on): the messages, the metadata the
    application sent, and the call's outcome."""
    req, resp, call = record.get("request") or {}, record.get("response") or {}, record["grpc"]
    return {
        "request": {"method": "POST", "path": req.get("path", "/"), "query": {},
                    "headers": _metadata(req.get("headers")), "body": req.get("body")},
        "response": {"status": resp.get("status"), "headers": _metadata(resp.get("headers")),
                     "body": resp.get("body"),
                     "grpc": {"status": call.get("status") or "UNKNOWN", "message": call.get("message"),
                              "details": call.get("details") or []}},
        "streaming": str(call.get("streaming") or "unary"),
    }


def record_problem(record: dict) -> str | None:
    """Why a gRPC record's call part cannot make a contract, or None (and None for an HTTP record)."""
    if not is_grpc(record):
        return None
    call = record["grpc"]
    if call.get("streaming", UNARY) not in STREAMING_KINDS:
        return f"grpc.streaming {call.get('streaming')!r} is not one of {', '.join(STREAMING_KINDS)}"
    if not isinstance(call.get("status"), str | None) or not isinstance(call.get("message"), str | None):
        return "grpc.status and grpc.message are strings"
    if not isinstance(call.get("details"), list | None):
        return "grpc.details is not a list"
    if len(str((record.get("request") or {}).get("path")).split("/")) != 3:
        return "a gRPC call's path is /package.Service/Method"
    return None


def outcome_key(shape: dict) -> Any:
    """What interactions are grouped by: the HTTP status, or a gRPC call's status name (``NOT_FOUND``)."""
    call = shape["response"].get("grpc")
    return call["status"] if call else shape["response"]["status"]


def grpc_interaction(interaction: dict, shapes: list[dict]) -> dict:
    """A REST-built interaction made a gRPC one: no query, and ``response.grpc`` with the status, a
    ``{{non_empty_string}}`` message (text for people: its wording is no promise) and the generalised
    details (machine-readable, e.g. a ``google.rpc.BadRequest``'s field violations)."""
    interaction["request"].pop("query", None)
    calls = [s["response"]["grpc"] for s in shapes]
    outcome: dict[str, Any] = {"status": calls[0]["status"]}
    if all(c["message"] for c in calls):
        outcome["message"] = "{{non_empty_string}}"
    if any(c["details"] for c in calls):
        outcome["details"] = generalise([c["details"] for c in calls])
    response = interaction["response"]
    interaction["response"] = {"status": response["status"], "grpc": outcome,
                               **{k: v for k, v in response.items() if k != "status"}}
    return interaction


def is_rpc(operation: str) -> bool:
    """``/pkg.Service/Method`` (a gRPC operation) rather than ``METHOD /template``."""
    return operation.startswith("/")


def interaction_base(operation: str) -> str:
    """``/shop.orders.v1.OrderService/GetOrder`` -> ``get_order``."""
    method = operation.rsplit("/", 1)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", method).lower().strip("_") or "rpc"


def file_name(operation: str) -> str:
    """``/shop.orders.v1.OrderService/GetOrder`` -> ``shop.orders.v1.OrderService.GetOrder.yaml``."""
    return safe_name(operation.strip("/").replace("/", ".")) + ".yaml"


def contract_header(operation: str, streaming: str, source: str) -> dict[str, str]:
    return {"operation": operation, "protocol": "grpc", "streaming": streaming, "source": source}
