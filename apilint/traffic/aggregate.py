"""The one pass over the records: each is folded into bounded counters and then forgotten.

Memory grows with the spec and with the number of distinct findings (capped), never with the number
of records: per operation its calls, statuses, parameters and fields seen; per finding its count,
first and last time, the operations it was seen in, one example, and the schema inferred from the
values behind it (for the patch).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from apilint.model.core import Loc, Operation, Schema
from apilint.traffic import infer
from apilint.traffic.observe import Checker
from apilint.traffic.spec import Route, TrafficSpec, rpc_key
from apilint.traffic.templates import infer_template
from apilint.traffic.values import excerpt, is_redacted

MAX_FINDINGS = 5000  # distinct findings kept; more are counted in ``dropped``
MAX_OPERATIONS = 50  # operations named per finding
MAX_FIELDS = 2000  # distinct field paths remembered per operation and side
MAX_STATUSES = 100  # distinct statuses inferred per undocumented endpoint

# finding kinds
UNDOCUMENTED_ENDPOINT = "undocumented-endpoint"
UNDOCUMENTED_STATUS = "undocumented-status"
UNDOCUMENTED_FIELD = "undocumented-field"
TYPE_CONTRADICTION = "type-contradiction"
FORMAT_CONTRADICTION = "format-contradiction"
ENUM_NEW = "enum-value-undocumented"
ENUM_UNSEEN = "enum-value-unseen"
REQUIRED_ABSENT = "required-field-absent"


@dataclass(slots=True)
class Seen:
    count: int = 0
    first: str = ""
    last: str = ""

    def add(self, ts: str) -> None:
        self.count += 1
        if ts:
            if not self.first or ts < self.first:
                self.first = ts
            if ts > self.last:
                self.last = ts


@dataclass
class Finding:
    kind: str
    loc: Loc | None
    facts: dict[str, Any]  # what the finding is about: operation, status, field, side, expected, ...
    seen: Seen = field(default_factory=Seen)
    operations: dict[str, int] = field(default_factory=dict)
    example: dict[str, Any] | None = None
    inferred: dict[str, Any] | None = None  # the schema the values behind it suggest (infer.merge)
    observed: dict[str, int] = field(default_factory=dict)  # contradictions: observed type -> count
    responses: dict[int, dict[str, Any]] = field(default_factory=dict)  # endpoints: status -> body schema
    media: dict[int, str] = field(default_factory=dict)  # endpoints and statuses: status -> content type


@dataclass
class OperationStats:
    calls: Seen = field(default_factory=Seen)
    statuses: dict[str, int] = field(default_factory=dict)  # "200" / gRPC "NOT_FOUND" -> count
    parameters: set[tuple[str, str]] = field(default_factory=set)  # (in, lower-case name) of declared ones
    fields: dict[str, set[str]] = field(default_factory=lambda: {"request": set(), "response": set()})


def media_type(value: Any) -> str | None:
    return value.split(";", 1)[0].strip().lower() if isinstance(value, str) and value.strip() else None


def _status_key(op: Operation, status: int) -> str | None:
    text = str(status)
    for key in (text, f"{text[:1]}XX", f"{text[:1]}xx", "default"):
        if key in op.responses:
            return key
    return None


def _parent(loc: Loc) -> Loc:
    return Loc(loc.file, loc.pointer.rsplit("/", 1)[0])


class Aggregate:
    def __init__(self, spec: TrafficSpec) -> None:
        self.spec = spec
        self.checker = Checker(MAX_FIELDS)
        self.records = 0
        self.unusable = 0  # not exchanges of a usable shape
        self.other_protocol = 0  # gRPC calls against an OpenAPI spec, HTTP calls against protos
        self.dropped = 0
        self.operations: dict[str, OperationStats] = {}
        self.findings: dict[tuple[Any, ...], Finding] = {}
        self.enum_seen: dict[tuple[str, str], tuple[Schema, str, str, set[Any]]] = {}  # schema, field, side, seen
        self._declared: dict[int, dict[tuple[str, str], str]] = {}
        # the record being folded, for the sink callbacks
        self._ts = ""
        self._label = ""
        self._side = ""
        self._record: dict[str, Any] = {}

    # -- the pass ------------------------------------------------------------------------------
    def add_all(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.add(record)

    def add(self, record: dict[str, Any]) -> None:
        self.records += 1
        req, resp = record.get("request"), record.get("response")
        if not isinstance(req, dict) or not isinstance(resp, dict) or not isinstance(req.get("method"), str) \
                or not isinstance(req.get("path"), str) or not isinstance(resp.get("status"), int):
            self.unusable += 1
            return
        self._ts = record.get("ts") if isinstance(record.get("ts"), str) else ""
        self._record = record
        grpc = record.get("grpc")
        if isinstance(grpc, dict):
            self._grpc(record, grpc)
        elif self.spec.is_proto:
            self.other_protocol += 1
        else:
            self._http(record, req, resp)

    def _grpc(self, record: dict[str, Any], grpc: dict[str, Any]) -> None:
        if not self.spec.is_proto:
            self.other_protocol += 1
            return
        key = rpc_key(str(grpc.get("service")), str(grpc.get("method")))
        op = self.spec.by_label.get(key)
        outcome = str(grpc.get("status") or grpc.get("code") or "NO_STATUS")
        if op is None:
            finding = self._finding((UNDOCUMENTED_ENDPOINT, key), UNDOCUMENTED_ENDPOINT, None,
                                    {"operation": key, "method": "POST", "template": key, "status": outcome})
            if finding is not None:
                self._note(finding, key, record["response"].get("body"))
            return
        stats = self._stats(key)
        stats.calls.add(self._ts)
        stats.statuses[outcome] = stats.statuses.get(outcome, 0) + 1

    def _stats(self, label: str) -> OperationStats:
        stats = self.operations.get(label)
        if stats is None:
            stats = self.operations[label] = OperationStats()
        return stats

    def _http(self, record: dict[str, Any], req: dict[str, Any], resp: dict[str, Any]) -> None:
        method, path, status = req["method"].upper(), req["path"], resp["status"]
        hint = record.get("operation") if isinstance(record.get("operation"), str) else None
        route, op = self.spec.match(method, path, hint)
        if op is None:
            self._endpoint(method, path, route, req, resp)
            return
        label = self.spec.label(op)
        stats = self._stats(label)
        stats.calls.add(self._ts)
        stats.statuses[str(status)] = stats.statuses.get(str(status), 0) + 1
        self._parameters(op, stats, route, req)
        self._label = label
        if 200 <= status < 300 and req.get("body") is not None and op.request is not None \
                and op.request.schema is not None:
            self._check("request", req["body"], op.request.schema, stats)
        key = _status_key(op, status)
        if key is None:
            finding = self._finding((UNDOCUMENTED_STATUS, label, status), UNDOCUMENTED_STATUS,
                                    op.loc.child("responses"), {"operation": label, "status": status})
            if finding is not None:
                self._note(finding, label, resp.get("body"))
                self._infer_response(finding, status, resp)
            return
        response = op.responses[key]
        schema = response.body.schema if response.body is not None else None
        if schema is not None and resp.get("body") is not None:
            self._check("response", resp["body"], schema, stats)

    def _check(self, side: str, body: Any, schema: Schema, stats: OperationStats) -> None:
        self._side = side
        self.checker.check(body, schema, self, stats.fields[side])

    def _parameters(self, op: Operation, stats: OperationStats, route: Route | None, req: dict[str, Any]) -> None:
        declared = self._declared.get(id(op))
        if declared is None:
            declared = self._declared[id(op)] = {(p.location, p.name.lower()): p.name for p in op.parameters}
        if not declared:
            return
        seen = stats.parameters
        for name, _ in req.get("query") or ():
            key = ("query", str(name).lower())
            if key in declared:
                seen.add(key)
        for name, _ in req.get("headers") or ():
            key = ("header", str(name).lower())
            if key in declared:
                seen.add(key)
        if route is not None:
            seen.update(("path", n.lower()) for n in route.template.names if ("path", n.lower()) in declared)

    def _endpoint(self, method: str, path: str, route: Route | None, req: dict[str, Any],
                  resp: dict[str, Any]) -> None:
        if route is not None:
            template = route.path
            any_op = next(iter(route.operations.values()))
            loc = _parent(any_op.loc)
        else:
            template = infer_template(self.spec.strip_prefix(path))
            loc = Loc(self.spec.api.file, "/paths")
        label = f"{method} {template}"
        finding = self._finding((UNDOCUMENTED_ENDPOINT, label), UNDOCUMENTED_ENDPOINT, loc,
                                {"operation": label, "method": method, "template": template,
                                 "path_documented": route is not None})
        if finding is None:
            return
        self._note(finding, label, resp.get("body"))
        self._infer_response(finding, resp["status"], resp)
        if req.get("body") is not None:
            finding.inferred = infer.merge(finding.inferred, req["body"])
            finding.facts.setdefault("request_media", media_type(req.get("content_type")) or "application/json")

    def _infer_response(self, finding: Finding, status: int, resp: dict[str, Any]) -> None:
        if status not in finding.responses and len(finding.responses) >= MAX_STATUSES:
            return
        body = resp.get("body")
        merged = finding.responses.get(status)
        if body is not None:
            merged = infer.merge(merged, body)
            finding.media.setdefault(status, media_type(resp.get("content_type")) or "application/json")
        elif resp.get("body_text") is not None and status not in finding.media:
            finding.media[status] = media_type(resp.get("content_type")) or "text/plain"
        finding.responses[status] = merged if merged is not None else {}

    # -- findings ------------------------------------------------------------------------------
    def _finding(self, key: tuple[Any, ...], kind: str, loc: Loc | None, facts: dict[str, Any]) -> Finding | None:
        finding = self.findings.get(key)
        if finding is None:
            if len(self.findings) >= MAX_FINDINGS:
                self.dropped += 1
                return None
            finding = self.findings[key] = Finding(kind, loc, facts)
        return finding

    def _note(self, finding: Finding, label: str, value: Any, field_name: str | None = None) -> None:
        finding.seen.add(self._ts)
        if label in finding.operations or len(finding.operations) < MAX_OPERATIONS:
            finding.operations[label] = finding.operations.get(label, 0) + 1
        if finding.example is None:
            req, resp = self._record["request"], self._record["response"]
            finding.example = {"id": self._record.get("id"), "ts": self._ts,
                               "request": f"{req['method'].upper()} {req['path']}", "status": resp["status"],
                               "value": excerpt(value)}
            if field_name:
                finding.example["field"] = field_name

    # -- the checker's sink (called for the record being folded) -----------------------------------
    def undocumented(self, owner: Schema, name: str, field_name: str, value: Any) -> None:
        finding = self._finding((UNDOCUMENTED_FIELD, owner.key, name), UNDOCUMENTED_FIELD, owner.loc,
                                {"field": field_name, "name": name, "side": self._side, "schema": owner.name})
        if finding is not None:
            self._note(finding, self._label, value, field_name)
            finding.inferred = infer.merge(finding.inferred, value)

    def contradiction(self, schema: Schema, field_name: str, what: str, expected: str, observed: str,
                      value: Any) -> None:
        kind = TYPE_CONTRADICTION if what == "type" else FORMAT_CONTRADICTION
        finding = self._finding((kind, schema.key), kind, schema.loc,
                                {"field": field_name, "side": self._side, "expected": expected})
        if finding is not None:
            self._note(finding, self._label, value, field_name)
            finding.observed[observed] = finding.observed.get(observed, 0) + 1
            finding.inferred = infer.merge(finding.inferred, value)

    def enum_value(self, schema: Schema, field_name: str, value: Any, known: bool) -> None:
        entry = self.enum_seen.get(schema.key)
        if entry is None:
            entry = self.enum_seen[schema.key] = (schema, field_name, self._side, set())
        if known:
            entry[3].add(value)
            return
        if is_redacted(value):
            return
        finding = self._finding((ENUM_NEW, schema.key, excerpt(value)), ENUM_NEW, schema.loc,
                                {"field": field_name, "side": self._side, "value": value})
        if finding is not None:
            self._note(finding, self._label, value, field_name)

    def absent(self, owner: Schema, name: str, field_name: str, value: Any) -> None:
        finding = self._finding((REQUIRED_ABSENT, owner.key, name), REQUIRED_ABSENT, owner.loc,
                                {"field": field_name, "name": name, "side": self._side, "schema": owner.name})
        if finding is not None:
            self._note(finding, self._label, value, field_name)
