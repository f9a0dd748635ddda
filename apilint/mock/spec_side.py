"""What ``apilint mock`` takes from a spec (``--spec``): request validation, answers, stale contracts.

Everything is judged by the proxy's validator (``apilint.proxy.validation.SpecValidator``, openapi-core
made fast), so the mock, the proxy and ``contracts build`` cannot disagree about what the spec allows.
Answers are the operation's documented example when the validator accepts it, else a deterministic
value generated from the schema (``apilint.mock.spec_values``) that it accepts.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

from apilint.contract.matchers import holds, parse
from apilint.errors import InputError
from apilint.mock.spec_values import SchemaValues
from apilint.mock.spec_words import plain, value_at
from apilint.proxy.spec import load_spec
from apilint.proxy.validation import SpecValidator, problem
from apilint.recording.capture import Captured
from apilint.recording.format import Violation
from apilint.replay.model import Interaction
from apilint.replay.samples import concrete

PROBLEM_TYPE = "application/problem+json"
_CANDIDATES = 6  # generated variants tried per response before giving up on a valid one
_ABSENT = object()


class Operation(NamedTuple):
    name: str                      # "GET /v1/orders/{order_id}": server path + template, as the proxy records it
    template: str                  # the key under ``paths``
    op: dict[str, Any]


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


def _is_json(media: str) -> bool:
    media = media.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode()


class SpecSide:
    """One spec, loaded once; answers are computed on first use per operation and status, then kept."""

    def __init__(self, spec_path: str) -> None:
        try:
            self.doc = load_spec(spec_path)
            self.validator = SpecValidator(self.doc, spec_path)
        except InputError as exc:
            if exc.line is None:  # the document as a whole: name its first line, like every bad input
                raise InputError(exc.message, exc.file or spec_path, 1, 1) from None
            raise
        self.values = SchemaValues(self.doc, response=True, accepts=SchemaCheck(self.doc))
        self._templates = sorted((t for t in self.doc.get("paths") or {} if isinstance(t, str)), key=len,
                                 reverse=True)
        self._answers: dict[tuple[str, str], Answer] = {}

    # -- requests -------------------------------------------------------------------------------

    def _request_violations(self, method: str, path: str, query: str, headers: dict[str, str],
                            body: bytes) -> list[Violation]:
        pairs = [(k.lower(), v) for k, v in headers.items()]
        content_type = next((v for k, v in pairs if k == "content-type"), None)
        violations = self.validator.request(method.upper(), path, parse_qsl(query, keep_blank_values=True), pairs,
                                            body or None, content_type)
        found = self.operation(method, path) if violations else None
        if found is None:
            return violations
        schema = _media_schema(self.values.resolve(found.op.get("requestBody")), content_type, self.values)
        return self._name_extras([self._cast_error(found, v) for v in violations], schema, _parsed(body))

    def _name_extras(self, violations: list[Violation], schema: Any, body: Any) -> list[Violation]:
        """``additionalProperties: false`` broken: one violation per property the spec does not allow,
        named (``body.items[0].colour``), instead of one for the object."""
        out: list[Violation] = []
        for violation in violations:
            field = violation.get("field") or ""
            if violation.get("message") != "additionalProperties false" or not field.startswith("body"):
                out.append(violation)
                continue
            parts = field.split(".")[1:]
            value, allowed = value_at(body, field), self._properties_at(schema, parts)
            extra = [k for k in value if k not in allowed] if isinstance(value, dict) and allowed is not None else []
            out.extend({**violation, "kind": "unexpected_property", "field": f"{field}.{key}"} for key in extra)
            if not extra:
                out.append(violation)
        return out

    def _properties_at(self, schema: Any, parts: list[str]) -> set[str] | None:
        """The property names the schema allows at ``parts`` (None when a oneOf/anyOf makes it unclear)."""
        for part in parts:
            node = self.values.merged(schema)
            props = node.get("properties") if isinstance(node.get("properties"), dict) else {}
            if part.isdigit() and "items" in node:
                schema = node["items"]
            elif part in props:
                schema = props[part]
            else:
                return None
        node = self.values.merged(schema)
        if "oneOf" in node or "anyOf" in node or not isinstance(node.get("properties", {}), dict):
            return None
        return set(node.get("properties") or {})

    def _cast_error(self, found: Operation, violation: Violation) -> Violation:
        """A parameter openapi-core could not cast (``page_size=abc``) named by the type it needs."""
        where, _, name = (violation.get("field") or "").partition(".")
        if violation.get("kind") != "parameter" or "(CastError)" not in violation.get("message", ""):
            return violation
        params = [*(found.op.get("parameters") or []), *(self.doc["paths"][found.template].get("parameters") or [])]
        for param in map(self.values.resolve, params):
            if isinstance(param, dict) and (param.get("in"), param.get("name")) == (where, name):
                kind = self.values.merged(param.get("schema")).get("type")
                if isinstance(kind, str):
                    return {**violation, "message": f"type {json.dumps(kind)}"}
        return violation

    def invalid_request(self, method: str, path: str, query: str, headers: dict[str, str],
                        body: bytes) -> list[str]:
        """[] when the spec allows the request; else one plain line per problem naming the field."""
        return [plain(v, _parsed(body)) for v in self._request_violations(method, path, query, headers, body)]

    def reject(self, method: str, path: str, query: str, headers: dict[str, str],
               body: bytes) -> tuple[Answer, list[str]] | None:
        """None when the spec allows the request; else (the problem+json answer, the plain lines):
        404 for a method and path the spec does not have, 400 naming every field otherwise."""
        violations = self._request_violations(method, path, query, headers, body)
        if not violations:
            return None
        parsed = _parsed(body)
        lines = [plain(v, parsed) for v in violations]
        worded: list[Violation] = [{**v, "message": line.partition(": ")[2]} for v, line in zip(violations, lines,
                                                                                              strict=True)]
        payload = json.loads(problem(worded, self.validator.operation(method, path)))
        if any(v["kind"] == "unknown_operation" for v in violations):
            payload.update(status=404, title="No operation in the API specification matches this request",
                           type="https://apilint.dev/problems/unknown-operation")
        return Answer(payload["status"], {"content-type": PROBLEM_TYPE}, _encode(payload)), lines

    # -- answers --------------------------------------------------------------------------------

    def operation(self, method: str, path: str) -> Operation | None:
        """The spec's operation for a request, or None."""
        name = self.validator.operation(method, path)
        if name is None:
            return None
        served = name.partition(" ")[2]
        for template in self._templates:  # longest first: the template the finder matched ends it
            if served.endswith(template):
                op = (self.doc["paths"].get(template) or {}).get(method.lower())
                if isinstance(op, dict):
                    return Operation(name, template, op)
        return None

    def answer(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> Answer | None:
        """The spec's response to a request: its documented example or a generated value, both
        accepted by the validator; None when no operation matches. ``Prefer: code=404`` picks a
        documented status, as in Prism."""
        found = self.operation(method, path)
        if found is None:
            return None
        responses = self.values.resolve(found.op.get("responses"))
        responses = responses if isinstance(responses, dict) else {}
        key = _status_key(responses, _preferred_code(headers))
        cached = self._answers.get((found.name, key))
        if cached is None:
            cached = self._answers[(found.name, key)] = self._answer(method, path, responses, key)
        return cached

    def _answer(self, method: str, path: str, responses: dict[str, Any], key: str) -> Answer:
        status = int(key) if key.isdigit() else 200 if key.lower() in ("default", "2xx") else int(key[0]) * 100
        response = self.values.resolve(responses.get(key))
        response = response if isinstance(response, dict) else {}
        headers = self._headers(response)
        content = response.get("content") if isinstance(response.get("content"), dict) else {}
        if not content:
            return Answer(status, headers, b"")
        media = next((m for m in content if _is_json(m)), next(iter(content)))
        entry = self.values.resolve(content[media])
        entry = entry if isinstance(entry, dict) else {}
        headers = {"content-type": media, **headers}
        first: Answer | None = None
        for body in self._bodies(media, entry):
            candidate = Answer(status, headers, body)
            first = first or candidate
            if not self.answer_violations(method, path, candidate):
                return candidate
        assert first is not None
        return first

    def _headers(self, response: dict[str, Any]) -> dict[str, str]:
        out = {}
        for name, header in (response.get("headers") or {}).items():
            header = self.values.resolve(header)
            if not isinstance(header, dict) or name.lower() == "content-type":
                continue
            if "example" in header:
                value = header["example"]
            elif "schema" in header:
                value = self.values.value(header["schema"])
            else:
                continue
            out[name.lower()] = ",".join(map(_scalar, value)) if isinstance(value, list) else _scalar(value)
        return out

    def _bodies(self, media: str, entry: dict[str, Any]) -> Any:
        """Candidate bodies, best first: documented examples, then generated values."""
        schema = entry.get("schema", {})

        def values() -> Any:  # lazily: most answers take the first
            if "example" in entry:
                yield entry["example"]
            for example in (entry.get("examples") or {}).values():
                example = self.values.resolve(example)
                if isinstance(example, dict) and "value" in example:
                    yield example["value"]
            yield self.values.value(schema)
            for variant in range(_CANDIDATES):
                yield self.values.value(schema, variant, examples=False)

        seen: set[bytes] = set()
        for value in values():
            if _is_json(media):
                body = _encode(value)
            elif isinstance(value, bytes):
                body = value
            else:
                body = (value if isinstance(value, str) else _encode(value) if value is not None else "").encode()
            if body not in seen:
                seen.add(body)
                yield body

    def answer_violations(self, method: str, path: str, answer: Answer) -> list[Violation]:
        """What the validator finds wrong with ``answer`` as the response to ``method path`` ([] when valid)."""
        headers = list(answer.headers.items())
        cap = Captured(started=0.0, duration_ms=0.0, method=method.upper(), path=path, query=[], req_headers=[],
                       req_body=None, req_type=None, status=answer.status, resp_headers=headers,
                       resp_body=answer.body or None, resp_type=answer.headers.get("content-type"), violations=[])
        return self.validator.exchange(cap)[1]

    # -- stale contracts ------------------------------------------------------------------------

    def stale(self, interactions: list[Interaction]) -> list[str]:
        """One line per contract (or recorded) response the spec does not allow, e.g.
        ``contracts/GET_orders.yaml:12 GET /v1/orders/{order_id} 200: body.total: expected number, got string``.
        Matchers stand for any value they hold for: a contract is stale only when none would do."""
        out = []
        for interaction in interactions:
            problems = self._stale_problems(interaction)
            if problems:
                name = self.validator.operation(interaction.method, _concrete_path(interaction.path))
                where = name or f"{interaction.method} {interaction.path}"
                out.append(f"{interaction.source} {where} {interaction.expected.status}: " + "; ".join(problems))
        return out

    def _stale_problems(self, interaction: Interaction) -> list[str]:
        method, path = interaction.method, _concrete_path(interaction.path)
        found = self.operation(method, path)
        if found is None:
            return ["no operation in the spec matches this method and path"]
        expected = interaction.expected
        headers = {str(k).lower(): _scalar(concrete(v)) for k, v in expected.headers.items()}
        if expected.content_type:
            headers["content-type"] = expected.content_type
        schema = self._response_schema(found.op, expected.status, headers)
        generated = _ABSENT if schema is None or expected.body is None else self.values.value(schema, examples=False)
        problems: list[str] = []
        for pick in range(max(_alternatives(expected.body), 1)):  # every value a {{one_of:...}} allows
            if expected.body is not None:
                witness: Any = _witness(expected.body, generated, pick)
                body = _encode(witness)
                headers.setdefault("content-type", "application/json")
            else:
                witness, body = None, (expected.body_text or "").encode()
            violations = self.answer_violations(method, path, Answer(expected.status, headers, body))
            for violation in self._name_extras(violations, schema, witness):
                line = plain(violation, witness)
                if not _unpinned_header(violation, headers) and line not in problems:
                    problems.append(line)
        return problems

    def _response_schema(self, op: dict[str, Any], status: int, headers: dict[str, str]) -> Any:
        """The schema of this response's body, or None."""
        responses = self.values.resolve(op.get("responses"))
        if not isinstance(responses, dict):
            return None
        code = str(status)
        key = next((k for k in (code, f"{code[0]}XX", f"{code[0]}xx", "default") if k in responses), None)
        return _media_schema(self.values.resolve(responses.get(key)) if key else None, headers.get("content-type"),
                             self.values)


def _media_schema(holder: Any, content_type: str | None, values: SchemaValues) -> Any:
    """The schema of a request body or response (``holder``) for a content type (else its first), or None."""
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    wanted = (content_type or "").split(";")[0].strip().lower()
    entry = values.resolve(content.get(wanted) or next(iter(content.values())))
    return entry.get("schema") if isinstance(entry, dict) else None


class SchemaCheck:
    """``(schema, value) -> bool`` by openapi-schema-validator, the library openapi-core validates
    bodies with (same dialect, same format checker), for the generator's oneOf choices."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.validators: dict[int, tuple[Any, Any]] = {}  # id(schema) -> (schema kept alive, validator)

    def __call__(self, schema: Any, value: Any) -> bool:
        found = self.validators.get(id(schema))
        if found is None:
            from openapi_schema_validator import OAS30ReadValidator, OAS31Validator

            cls = OAS31Validator if str(self.doc.get("openapi", "")).startswith("3.1") else OAS30ReadValidator
            root = {**self.doc, "x-apilint-schema": schema, "$ref": "#/x-apilint-schema"}
            found = self.validators[id(schema)] = (schema, cls(root, format_checker=cls.FORMAT_CHECKER))
        try:
            return bool(found[1].is_valid(value))
        except Exception:  # a schema the library cannot compile: no verdict, no branch preferred
            return False


def _status_key(responses: dict[str, Any], preferred: str | None) -> str:
    keys = [str(k) for k in responses]
    if preferred and preferred in keys:
        return preferred
    numeric = sorted(k for k in keys if k.isdigit())
    return next((k for k in numeric if k.startswith("2")), None) \
        or next((k for k in keys if k.lower() == "2xx"), None) \
        or ("default" if "default" in keys else None) \
        or (numeric[0] if numeric else "200")


def _preferred_code(headers: dict[str, str]) -> str | None:
    prefer = next((v for k, v in headers.items() if k.lower() == "prefer"), "")
    for part in prefer.replace(";", ",").split(","):
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "code" and value.strip().isdigit():
            return value.strip()
    return None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _parsed(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        return None


def _concrete_path(path: str) -> str:
    """A contract path whose ``{{var:NAME}}`` links hold a placeholder segment (any value matches a template)."""
    while "{{var:" in path:
        start = path.index("{{var:")
        end = path.find("}}", start)
        if end < 0:
            break
        path = path[:start] + "apilint" + path[end + 2:]
    return path


def _alternatives(contract: Any) -> int:
    """The most values one ``{{one_of:A|B|C}}`` of the body lists."""
    if isinstance(contract, dict):
        return max(map(_alternatives, contract.values()), default=0)
    if isinstance(contract, list):
        return max(map(_alternatives, contract), default=0)
    matcher = parse(contract)
    return len((matcher[1] or "").split("|")) if matcher and matcher[0] == "one_of" else 0


def _witness(contract: Any, generated: Any, pick: int = 0) -> Any:
    """The contract body with each matcher replaced by a value it holds for: the spec's own generated
    value at that place when the matcher accepts it, else the matcher's sample; recorded redactions
    (``<redacted:KIND>``) likewise. ``{{one_of:...}}`` stands for its ``pick``-th value (the last
    when it lists fewer): every value it lists was seen, so every one must be allowed."""
    if isinstance(contract, dict):
        gen = generated if isinstance(generated, dict) else {}
        return {k: _witness(v, gen.get(k, _ABSENT), pick) for k, v in contract.items()}
    if isinstance(contract, list):
        gen = generated if isinstance(generated, list) and generated else []
        return [_witness(v, gen[min(i, len(gen) - 1)] if gen else _ABSENT, pick) for i, v in enumerate(contract)]
    if isinstance(contract, str):
        matcher = parse(contract)
        if matcher is not None and matcher[0] == "one_of":
            values = (matcher[1] or "").split("|")
            return values[min(pick, len(values) - 1)]
        if matcher is not None and matcher[0] == "var":  # a value handed out earlier: any the spec allows
            return contract if generated is _ABSENT else generated
        if matcher is not None:
            if generated is not _ABSENT and holds(matcher[0], matcher[1], generated):
                return generated
            return concrete(contract) if matcher[0] not in ("redacted",) else contract
        if contract.startswith("<redacted") and generated is not _ABSENT:
            return generated
    return contract


def _unpinned_header(violation: Violation, headers: dict[str, str]) -> bool:
    """A response header the contract does not name: contracts pin only the headers that matter."""
    field = violation.get("field") or ""
    return violation.get("kind") == "header" and field.partition(".")[2].lower() not in headers
