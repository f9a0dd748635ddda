"""What replay works on: one interaction to send, what came back, and how it differed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BREAKING, WARNING = "breaking", "warning"


@dataclass(slots=True)
class Expected:
    status: int
    content_type: str | None
    headers: dict[str, Any]  # only compared for contracts: names the contract pins
    body: Any
    body_text: str | None
    rules: dict[str, Any] | None = None  # a pact's response matchingRules by category: Pact's matching applies
    grpc: dict[str, Any] | None = None  # a gRPC call's outcome: {"code": 5, "message": ..., "details": [...]}


@dataclass(slots=True)
class Interaction:
    """A request to send and the response the contract (or the recording) expects."""

    key: str                       # stable identity: recording id, or contract file + name
    name: str
    source: str                    # file:line, for people
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: list[tuple[str, str]]
    body: Any
    body_text: str | None
    expected: Expected
    contract: bool                 # literals must match (contract) or are observations (recording)
    captures: dict[str, str] = field(default_factory=dict)
    operation: str | None = None   # "GET /v1/orders/{order_id}": the recorded or contract operation
    extensions: dict[str, Any] = field(default_factory=dict)  # the interaction's ``mock:`` settings
    rules: dict[str, Any] | None = None  # a pact's request matchingRules by category (apilint.pact.rules)
    provider_states: list[dict[str, Any]] = field(default_factory=list)  # a pact's [{name, params}]
    generators: dict[str, Any] = field(default_factory=dict)  # a pact's {"request"|"response": {category: ...}}
    consumer: str | None = None    # set for interactions read from a pact: who expects this
    provider: str | None = None
    grpc: str | None = None        # a gRPC call: its streaming kind (unary, server, client, bidi); bodies are
                                   # messages as proto3 JSON, a list on a side that streams


@dataclass(slots=True)
class Difference:
    severity: str                  # breaking | warning
    kind: str                      # status_changed, field_removed, field_renamed, type_changed, ...
    where: str                     # status, headers.content-type, body.items[0].order_id, ...
    message: str
    expected: Any = None
    actual: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "kind": self.kind, "where": self.where,
                "message": self.message, "expected": self.expected, "actual": self.actual}


@dataclass(slots=True)
class Received:
    status: int
    content_type: str | None
    headers: dict[str, str]        # lower-case names, last value wins
    body: Any
    body_text: str | None


@dataclass(slots=True)
class Result:
    key: str
    name: str
    source: str
    method: str
    path: str
    expected_status: int
    actual_status: int | None
    differences: list[Difference]
    noise: int
    elapsed_ms: float
    consumer: str | None = None    # from a pact: the report groups by consumer and provider
    provider: str | None = None
    grpc_status: dict[str, str | None] | None = None  # a gRPC call's {"expected": "OK", "actual": "NOT_FOUND"}

    @property
    def outcome(self) -> str:
        severities = {d.severity for d in self.differences}
        return BREAKING if BREAKING in severities else WARNING if severities else "pass"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.key, "name": self.name, "source": self.source, "method": self.method,
                "path": self.path, "outcome": self.outcome, "expected_status": self.expected_status,
                "actual_status": self.actual_status, "noise": self.noise,
                "elapsed_ms": round(self.elapsed_ms, 2),
                "differences": [d.to_dict() for d in self.differences],
                **({"consumer": self.consumer, "provider": self.provider} if self.consumer or self.provider else {}),
                **({"grpc_status": self.grpc_status} if self.grpc_status else {})}
