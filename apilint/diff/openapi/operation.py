"""An operation as the OpenAPI comparer pairs them: keyed by method and path (parameter names left out),
and the helpers that find its counterpart and its ``x-apilint-ignore`` list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from apilint.diff.openapi.doc import Node

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAM = re.compile(r"\{[^}/]*\}")


def normalise_path(path: str) -> str:
    return _PARAM.sub("{}", path.rstrip("/") or "/")


@dataclass
class Operation:
    label: str  # "GET /pets/{id}" as written
    method: str
    path: str
    key: str  # "get /pets/{}"
    node: Node
    path_node: Node
    parameters: list[Node] = field(default_factory=list)

    @property
    def raw(self) -> dict:
        return self.node.value

    @property
    def operation_id(self) -> str | None:
        value = self.raw.get("operationId")
        return value if isinstance(value, str) else None


def version_successor(op: Operation, new_ops: dict[str, Operation]) -> Operation | None:
    """The operation at the same path under a higher /vN/ segment (``/v1/pets`` -> ``/v2/pets``)."""
    match = re.search(r"/v(\d+)(?=/|$)", op.path)
    if not match:
        return None
    best = None
    for candidate in new_ops.values():
        found = re.search(r"/v(\d+)(?=/|$)", candidate.path)
        if (found and int(found.group(1)) > int(match.group(1)) and candidate.method == op.method
                and normalise_path(candidate.path[:found.start()] + candidate.path[found.end():])
                == normalise_path(op.path[:match.start()] + op.path[match.end():])
                and (best is None or candidate.path < best.path)):
            best = candidate
    return best


def mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def ignore_list(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    raw = value.get("x-apilint-ignore")
    if raw is True:
        return ["*"]
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [str(x) for x in raw]
    return []

