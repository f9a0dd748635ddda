"""Live validation of exchanges against an OpenAPI 3.x spec with openapi-core.

Violations are records as in docs/recording-format.md (``apilint.proxy.violations``). openapi-core
as shipped costs milliseconds per exchange; ``openapi_lookups`` and ``openapi_validators`` make it
fast without changing what it reports.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from apilint.errors import InputError, shown_path
from apilint.proxy.openapi_lookups import RESOLVED_CACHE, fast_finder_cls, get_parameters_cheaply, memo_path_cls
from apilint.proxy.openapi_validators import cache_schema_validators
from apilint.proxy.spec import prepare_spec, require_openapi_3
from apilint.proxy.spec_pointer import add_pointers, needs_pointers
from apilint.proxy.violations import violations as _violations
from apilint.recording.format import Pairs, Violation

if TYPE_CHECKING:
    from apilint.recording.capture import Captured

HOST = "http://apilint.invalid"  # the proxy validates paths; the host a client used does not matter


def _cookies(headers: Pairs) -> Pairs:
    out = []
    for name, value in headers:
        if name == "cookie":
            for part in value.split(";"):
                key, _, val = part.strip().partition("=")
                if key:
                    out.append((key, val))
    return out


class _Request:
    """openapi_core.protocols.Request over captured data."""

    def __init__(
        self, method: str, path: str, query: Pairs, headers: Pairs, body: bytes | None, content_type: str | None
    ) -> None:
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = HOST
        self.path = path
        self.method = method.lower()
        self.body = body or None
        self.content_type = (content_type or "").lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query),
            header=Headers(headers),
            cookie=ImmutableMultiDict(_cookies(headers)),
        )


class _Response:
    """openapi_core.protocols.Response over captured data."""

    def __init__(self, status: int, headers: Pairs, body: bytes | None, content_type: str | None) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.headers = Headers(headers)
        self.data = body or b""
        self.content_type = (content_type or "").lower()


class SpecValidator:
    """One validator per thread (openapi-core objects are not documented as thread-safe)."""

    def __init__(self, spec: dict, source: str | None = None) -> None:
        """``source``: the spec's file, named in errors."""
        from openapi_core import Config, OpenAPI

        require_openapi_3(spec, source)
        prepared = prepare_spec(spec)
        try:
            config = Config(path_finder_cls=fast_finder_cls(prepared))
            spec_path = memo_path_cls().from_dict(prepared, resolved_cache_maxsize=RESOLVED_CACHE)
            self.api = OpenAPI(spec_path, config=config)
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"the spec is not a valid OpenAPI document: {first}",
                             source and shown_path(source)) from None
        for validator in (self.api.request_validator, self.api.response_validator):
            cache_schema_validators(validator)
        get_parameters_cheaply(self.api.request_validator)
        self._finder = self.api.request_validator.path_finder
        self._pointed = prepared if needs_pointers(spec) else None  # converted from Swagger 2.0
        self.api.response_validator.path_finder = self._finder  # one finder, one memo

    def operation(self, method: str, path: str) -> str | None:
        """``"GET /v1/orders/{order_id}"`` (server path + path template), or None when nothing matches."""
        try:
            found = self._finder.find(method.lower(), HOST + path)
        except Exception:
            return None
        server = found.server_result.pattern.rstrip("/") if found.server_result else ""
        return f"{method.upper()} {server}{found.path_result.pattern}"

    def exchange(self, cap: Captured) -> tuple[str | None, list[Violation]]:
        """(operation, request + response violations) of one exchange: ``operation``, ``request``
        (unless ``cap.violations`` are given: --enforce checked the request already) and
        ``response`` in one go, sharing the request object and the path lookup."""
        operation = self.operation(cap.method, cap.path)
        req = _Request(cap.method, cap.path, cap.query, cap.req_headers, cap.req_body, cap.req_type)
        violations = self._request(req) if cap.violations is None else list(cap.violations)
        if operation is not None:
            violations += self._response(req, _Response(cap.status, cap.resp_headers, cap.resp_body, cap.resp_type))
        return operation, violations

    def request(
        self, method: str, path: str, query: Pairs, headers: Pairs, body: bytes | None, content_type: str | None
    ) -> list[Violation]:
        """The request's violations (``--enforce``, before the request is forwarded)."""
        return self._request(_Request(method, path, query, headers, body, content_type))

    def _request(self, req: _Request) -> list[Violation]:
        return self._point(req, None, _violations("request", list(self.api.request_validator.iter_errors(req))))

    def _response(self, req: _Request, resp: _Response) -> list[Violation]:
        errors = list(self.api.response_validator.iter_errors(req, resp))
        kept = [v for v in _violations("response", errors) if v["kind"] != "unknown_operation"]
        return self._point(req, resp.status_code, kept)

    def _point(self, req: _Request, status: int | None, violations: list[Violation]) -> list[Violation]:
        if self._pointed is None or not violations:
            return violations
        try:
            template = self._finder.find(req.method, HOST + req.path).path_result.pattern
        except Exception:
            template = None
        return add_pointers(self._pointed, req.method, template, status, violations)


def unjudged(field: str, message: str) -> Violation:
    """The violation of a request --enforce could not validate (it is rejected, never waved through)."""
    return {"side": "request", "kind": "unvalidatable", "field": field, "message": message}


def problem(violations: list[Violation], operation: str | None) -> bytes:
    """An RFC 9457 problem+json body naming the field violations of a rejected request."""
    return json.dumps(
        {
            "type": "https://apilint.dev/problems/request-validation",
            "title": "Request does not match the API specification",
            "status": 400,
            "detail": f"{len(violations)} violation(s) of {operation or 'the spec'}",
            "errors": [{k: v[k] for k in ("field", "kind", "message", "spec_pointer") if k in v} for v in violations],
        }
    ).encode()
