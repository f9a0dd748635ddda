"""Live validation of exchanges against an OpenAPI 3.x spec with openapi-core.

Violations are plain dicts (``side``, ``kind``, ``field``, ``message``) as in docs/recording-format.md.
Messages never quote the offending value (it may be a secret or PII): they name the field and the
rule it broke, e.g. ``body.items.0.quantity: minimum 1``.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any
from urllib.parse import urlparse

from apilint.errors import InputError
from apilint.proxy.fastschema import JSON_MEDIA_TYPES, compile_body_check

HOST = "http://apilint.invalid"
try:
    from importlib.metadata import version as _version

    _OPENAPI_CORE_VERSION = _version("openapi-core")
except Exception:  # pragma: no cover - not installed the usual way
    _OPENAPI_CORE_VERSION = ""  # the proxy validates paths; the host a client used does not matter


def _local_servers(servers: Any) -> Any:
    """Servers reduced to their path: live traffic arrives on the proxy's host, not the spec's."""
    if not isinstance(servers, list):
        return servers
    out = []
    for server in servers:
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            server = {**server, "url": urlparse(server["url"]).path or "/"}
        out.append(server)
    return out


def require_openapi_3(spec: object, source: str | None = None) -> None:
    """The cheap check of a spec for live validation; openapi-core's full one runs in SpecValidator."""
    if not isinstance(spec, dict) or not str(spec.get("openapi", "")).startswith("3."):
        raise InputError("live validation needs an OpenAPI 3.x document (swagger 2.0 is not supported)", source)


def prepare_spec(spec: dict) -> dict:
    """A shallow copy of the spec whose servers (top, path and operation level) are path-only."""
    spec = dict(spec)
    if "servers" in spec:
        spec["servers"] = _local_servers(spec["servers"])
    paths = {}
    for template, item in (spec.get("paths") or {}).items():
        if isinstance(item, dict):
            item = dict(item)
            if "servers" in item:
                item["servers"] = _local_servers(item["servers"])
            for method, op in list(item.items()):
                if isinstance(op, dict) and "servers" in op:
                    item[method] = {**op, "servers": _local_servers(op["servers"])}
        paths[template] = item
    spec["paths"] = paths
    return spec


def _cookies(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
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
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: list[tuple[str, str]],
        body: bytes | None,
        content_type: str | None,
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

    def __init__(
        self, status: int, headers: list[tuple[str, str]], body: bytes | None, content_type: str | None
    ) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.headers = Headers(headers)
        self.data = body or b""
        self.content_type = (content_type or "").lower()


def _schema_violations(side: str, prefix: str, exc: BaseException) -> list[dict]:
    cause = exc.__cause__
    schema_errors = list(getattr(cause, "schema_errors", None) or [])
    if not schema_errors:
        return [{"side": side, "kind": "schema", "field": prefix, "message": type(cause or exc).__name__}]
    out = []
    for err in schema_errors:
        base = ".".join([prefix, *(str(p) for p in err.absolute_path)])
        if err.validator == "required" and isinstance(err.instance, dict):
            for name in err.validator_value:
                if name not in err.instance:
                    out.append(
                        {
                            "side": side,
                            "kind": "schema",
                            "field": f"{base}.{name}",
                            "message": "required property is missing",
                        }
                    )
            continue
        rule = json.dumps(err.validator_value, default=str)
        if len(rule) > 120:
            rule = rule[:117] + "..."
        out.append({"side": side, "kind": "schema", "field": base, "message": f"{err.validator} {rule}"})
    return out


def _violations(side: str, errors: list[BaseException]) -> list[dict]:
    from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
    from openapi_core.templating.responses.exceptions import ResponseNotFound
    from openapi_core.validation.request.exceptions import (
        MissingRequestBodyError,
        ParameterValidationError,
        RequestBodyValidationError,
        SecurityValidationError,
    )
    from openapi_core.validation.response.exceptions import HeaderValidationError

    out: list[dict] = []
    for exc in errors:
        if isinstance(exc, PathNotFound | OperationNotFound):
            out.append(
                {
                    "side": side,
                    "kind": "unknown_operation",
                    "field": None,
                    "message": "no operation in the spec matches this method and path",
                }
            )
        elif isinstance(exc, ResponseNotFound):
            out.append(
                {
                    "side": side,
                    "kind": "undocumented_status",
                    "field": "status",
                    "message": "status code not documented for this operation",
                }
            )
        elif isinstance(exc, ParameterValidationError):
            field = f"{exc.location}.{exc.name}"
            if exc.__cause__ is not None and getattr(exc.__cause__, "schema_errors", None):
                out.extend(_schema_violations(side, field, exc))
            else:
                why = f" ({type(exc.__cause__).__name__})" if exc.__cause__ is not None else ""
                out.append({"side": side, "kind": "parameter", "field": field, "message": f"{exc}{why}"})
        elif isinstance(exc, MissingRequestBodyError):
            out.append({"side": side, "kind": "missing_body", "field": "body", "message": str(exc)})
        elif isinstance(exc, SecurityValidationError):
            out.append(
                {
                    "side": side,
                    "kind": "security",
                    "field": None,
                    "message": "no security requirement of the operation is met",
                }
            )
        elif isinstance(exc, RequestBodyValidationError) or type(exc).__name__ in (
            "InvalidData",
            "DataValidationError",
        ):
            cause = exc.__cause__
            if cause is not None and not getattr(cause, "schema_errors", None):
                kind = "content_type" if "MediaType" in type(cause).__name__ else "body"
                out.append({"side": side, "kind": kind, "field": "body", "message": type(cause).__name__})
            else:
                out.extend(_schema_violations(side, "body", exc))
        elif isinstance(exc, HeaderValidationError):
            out.append(
                {
                    "side": side,
                    "kind": "header",
                    "field": f"header.{getattr(exc, 'name', '')}",
                    "message": str(exc),
                }
            )
        else:
            out.append({"side": side, "kind": "other", "field": None, "message": type(exc).__name__})
    return out


_PARAM = re.compile(r"\{[^}/]+\}")


def _templates(spec: dict) -> list[tuple[re.Pattern[str], list[str], str, int]]:
    """(regex, parameter names, server path + path template, literal length) for every path and
    every server path of the document, most specific first."""
    prefixes = {"/"}
    path_items = [item for item in (spec.get("paths") or {}).values() if isinstance(item, dict)]
    for servers in [spec.get("servers")] + [item.get("servers") for item in path_items]:
        for server in servers or []:
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                prefixes.add(server["url"])
    out = []
    for prefix in prefixes:
        for template in spec.get("paths") or {}:
            full = prefix.rstrip("/") + str(template)
            parts = _PARAM.split(full)
            names = [name[1:-1] for name in _PARAM.findall(full)]
            regex = "".join(re.escape(p) + ("([^/]+)" if i < len(names) else "") for i, p in enumerate(parts))
            out.append((re.compile(f"^{regex}$"), names, full, len("".join(parts))))
    out.sort(key=lambda t: -t[3])
    return out


def _fast_finder_cls(spec: dict) -> type:
    """An openapi-core path finder that remembers what it found per path template.

    openapi-core's finder walks every path and server through jsonschema-path on every call (about
    a millisecond each, three calls per exchange). This one matches precompiled regexes, asks
    openapi-core once per (method, template), and reuses that answer with the new path variables.
    Anything unusual (no match, server variables) goes to openapi-core's finder as before. One
    finder serves the request and the response validator, and it answers a repeated question (the
    same exchange's request, then its response) from its last answer.
    """
    from openapi_core.templating.datatypes import TemplateResult
    from openapi_core.templating.paths.finders import APICallPathFinder

    templates = _templates(spec)

    class FastPathFinder(APICallPathFinder):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._found: dict[tuple[str, str], Any] = {}
            self._last: tuple[str, str, Any, BaseException | None] = ("", "", None, None)

        def find(self, method: str, name: str) -> Any:
            last_method, last_name, result, error = self._last
            if method == last_method and name == last_name:
                if error is not None:
                    raise error.with_traceback(None)
                return result
            try:
                result = self._find(method, name)
            except Exception as exc:
                self._last = (method, name, None, exc)
                raise
            self._last = (method, name, result, None)
            return result

        def _find(self, method: str, name: str) -> Any:
            if "#" in name or ";" in name or "?" in name:  # openapi-core matches these on the raw name
                return super().find(method, name)
            path = urlparse(name).path
            hit = next(((t, m) for t in templates if (m := t[0].match(path))), None)
            if hit is None:
                return super().find(method, name)
            (_, names, full, _), match = hit
            cached = self._found.get((method, full))
            if cached is None:
                found = super().find(method, name)
                server_result = found.server_result
                if server_result is not None and server_result.variables:
                    return found
                server = (server_result.pattern if server_result else "").rstrip("/")
                if server + found.path_result.pattern != full:
                    return found
                cached = self._found[(method, full)] = found
            variables = dict(zip(names, match.groups(), strict=True))
            return cached._replace(path_result=TemplateResult(cached.path_result.pattern, variables))

    return FastPathFinder


@functools.cache
def _prechecked_cls() -> type:
    """openapi-core's ``SchemaValidator`` with a jsonschema-rs pre-check (``apilint.proxy.fastschema``)
    in front of ``validate``: a value the pre-check accepts is valid; anything else is validated by
    openapi-core as before, which raises with the violations."""
    from openapi_core.validation.schemas.validators import SchemaValidator

    class PrecheckedSchemaValidator(SchemaValidator):
        precheck: Any = None  # set on the instances built for JSON bodies; ``evolve`` copies go without

        def validate(self, value: Any) -> None:
            precheck = self.precheck
            if precheck is not None:
                try:
                    if precheck.is_valid(value):
                        return
                except Exception:  # a value jsonschema-rs cannot take: openapi-core decides
                    pass
            super().validate(value)

    return PrecheckedSchemaValidator


class _CachedValidators:
    """openapi-core builds a JSON Schema validator (deep-copying a format checker) for every value
    it checks; the validator for one schema location can be built once and reused. Validators of
    JSON body schemas (``content/application/json/schema``) get a jsonschema-rs pre-check."""

    def __init__(self, inner: Any, precheck_bodies: bool = False) -> None:
        self.inner = inner
        self.precheck_bodies = precheck_bodies
        self.cache: dict[tuple, Any] = {}
        self._specs: list[Any] = []

    def create(
        self,
        spec: Any,
        schema: Any,
        format_validators: Any = None,
        extra_format_validators: Any = None,
        forbid_unspecified_additional_properties: bool = False,
        enforce_properties_required: bool = False,
    ) -> Any:
        key = (
            id(spec),
            tuple(schema.parts),
            id(format_validators),
            id(extra_format_validators),
            forbid_unspecified_additional_properties,
            enforce_properties_required,
        )
        found = self.cache.get(key)
        if found is None:
            self._specs.append(spec)  # keeps id(spec) from being reused while it is a key
            found = self.cache[key] = self.inner.create(
                spec,
                schema,
                format_validators,
                extra_format_validators,
                forbid_unspecified_additional_properties,
                enforce_properties_required,
            )
            if (
                self.precheck_bodies
                and key[2:] == (id(None), id(None), False, False)
                and len(key[1]) >= 3
                and key[1][-3] == "content"
                and key[1][-2] in JSON_MEDIA_TYPES
                and key[1][-1] == "schema"
            ):
                found = self.cache[key] = self._prechecked(spec, schema, found)
        return found

    @staticmethod
    def _prechecked(spec: Any, schema: Any, found: Any) -> Any:
        with schema.resolve() as resolved:
            node = resolved.contents
        precheck = compile_body_check(node, spec.read_value(), found.validator)
        if precheck is None:
            return found
        prechecked = _prechecked_cls()(found.schema, found.validator)
        prechecked.precheck = precheck
        return prechecked

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _cache_schema_validators(validator: Any) -> None:
    """Give one openapi-core validator (and the casters and deserializers it owns, which build
    schema validators too) a private caching schema-validator factory. Copies, because the
    factories openapi-core starts with are module-level objects shared by every validator."""
    cached = _CachedValidators(validator.schema_validators_factory, precheck_bodies=True)
    validator.schema_validators_factory = cached
    casters = copy.copy(validator.schema_casters_factory)
    casters.schema_validators_factory = _CachedValidators(casters.schema_validators_factory)
    styles = copy.copy(validator.style_deserializers_factory)
    styles.schema_casters_factory = casters
    media = copy.copy(validator.media_type_deserializers_factory)
    media.style_deserializers_factory = styles
    validator.schema_casters_factory = casters
    validator.style_deserializers_factory = styles
    validator.media_type_deserializers_factory = media


RESOLVED_CACHE = 65536  # spec locations whose resolved node jsonschema-path keeps (an LRU)
MEMO_PER_NODE = 256  # children / reads remembered per spec location (bounded even for odd keys)
_ABSENT = object()


@functools.cache
def _memo_path_cls() -> type:
    """A jsonschema-path ``SchemaPath`` whose children and reads are computed once per location.

    openapi-core reads the spec through ``SchemaPath`` objects on every request (``param / "name"``,
    ``"schema" in media_type``, ``read_str``, iteration), and every step builds a new path object
    and resolves it from the root; that is most of its CPU per exchange. The spec never changes
    while the proxy runs, and the operation objects the path finder returns are reused (see
    ``_fast_finder_cls``), so a location can keep its child paths and values: the same objects
    openapi-core would have computed, only once. jsonschema-path itself caches ``resolve()`` per
    path object the same way. Memo tables are bounded per location, and keys that are not plain
    strings or integers take the normal route.
    """
    from jsonschema_path import SchemaPath

    class MemoSchemaPath(SchemaPath):
        # Per location, three tables keyed by the plain str/int key (a str never equals an int):
        # children (``/`` and iteration), ``[]`` results, ``in`` results.
        def _table(self, name: str) -> dict:
            table = self.__dict__.get(name)
            if table is None:
                table = self.__dict__[name] = {}
            return table

        def _make_child_relpath(self, part: Any) -> Any:
            kids = self.__dict__.get("_apilint_kids")
            if kids is not None:
                child = kids.get(part)
                if child is not None:
                    return child
            else:
                kids = self._table("_apilint_kids")
            child = super()._make_child_relpath(part)
            if len(kids) < MEMO_PER_NODE and (type(part) is str or type(part) is int):
                kids[part] = child
            return child

        def __truediv__(self, key: Any) -> Any:
            if (type(key) is str and key and key != "." and self.separator not in key) or type(key) is int:
                return self._make_child_relpath(key)  # "a#b" splits in two parts: the normal route
            return super().__truediv__(key)

        def __getitem__(self, key: Any) -> Any:
            if type(key) is not str and type(key) is not int:
                return super().__getitem__(key)
            table = self._table("_apilint_items")
            found = table.get(key, _ABSENT)
            if found is _ABSENT:
                try:
                    found = super().__getitem__(key)
                except KeyError:
                    found = KeyError
                if len(table) < MEMO_PER_NODE:
                    table[key] = found
            if found is KeyError:
                raise KeyError(key)
            return found

        def __contains__(self, key: Any) -> bool:
            if type(key) is not str and type(key) is not int:
                return super().__contains__(key)
            table = self._table("_apilint_in")
            found = table.get(key)
            if found is None:
                found = super().__contains__(key)
                if len(table) < MEMO_PER_NODE:
                    table[key] = found
            return found

        def read_value(self) -> Any:
            value = self.__dict__.get("_apilint_value", _ABSENT)
            if value is _ABSENT:
                try:
                    value = super().read_value()
                except KeyError:
                    value = KeyError
                self.__dict__["_apilint_value"] = value
            if value is KeyError:
                raise KeyError(self.parts[-1] if self.parts else "")
            return value

        def _listing(self) -> tuple[tuple, tuple]:
            listing = self.__dict__.get("_apilint_listing")
            if listing is None:  # a missing or non-traversable location raises, as before, each time
                keys = tuple(super().keys())
                listing = (keys, tuple(self._make_child_relpath(key) for key in keys))
                self.__dict__["_apilint_listing"] = listing
            return listing

        def keys(self) -> Any:
            return self._listing()[0]

        def __iter__(self) -> Any:
            return iter(self._listing()[1])

        def items(self) -> Any:
            keys, children = self._listing()
            return zip(keys, children, strict=True)

        def __len__(self) -> int:
            return len(self._listing()[0])

    return MemoSchemaPath


def _get_parameters_cheaply(validator: Any) -> None:
    """openapi-core 0.23's ``BaseRequestValidator._get_parameters``, line for line, except that the
    defaults of its two ``.get("parameters", SchemaPath.from_dict({}))`` calls (a new accessor and
    reference registry each, built whether needed or not) are built once."""
    from jsonschema_path import SchemaPath
    from openapi_core.datatypes import Parameters
    from openapi_core.util import chainiters
    from openapi_core.validation.request.exceptions import (
        MissingParameter,
        ParametersError,
        ParameterValidationError,
    )

    empty = SchemaPath.from_dict({})

    def _get_parameters(parameters: Any, operation: Any, path: Any) -> Any:
        operation_params = operation.get("parameters", empty)
        path_params = path.get("parameters", empty)

        errors = []
        seen = set()
        validated = Parameters()
        params_iter = chainiters(operation_params, path_params)
        for param in params_iter:
            param_name = (param / "name").read_str()
            param_location = (param / "in").read_str()
            if (param_name, param_location) in seen:
                # skip parameter already seen
                # e.g. overriden path item paremeter on operation
                continue
            seen.add((param_name, param_location))
            try:
                value = validator._get_parameter(parameters, param)
            except MissingParameter:
                continue
            except ParameterValidationError as exc:
                errors.append(exc)
                continue
            else:
                location = getattr(validated, param_location)
                location[param_name] = value

        if errors:
            raise ParametersError(errors=errors, parameters=validated)

        return validated

    validator._get_parameters = _get_parameters


class SpecValidator:
    """One validator per thread (openapi-core objects are not documented as thread-safe)."""

    def __init__(self, spec: dict, source: str | None = None) -> None:
        """``source``: the spec's file, named in errors."""
        from openapi_core import Config, OpenAPI

        require_openapi_3(spec, source)
        prepared = prepare_spec(spec)
        try:
            config = Config(path_finder_cls=_fast_finder_cls(prepared))
            spec_path = _memo_path_cls().from_dict(prepared, resolved_cache_maxsize=RESOLVED_CACHE)
            self.api = OpenAPI(spec_path, config=config)
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"the spec is not a valid OpenAPI document: {first}", source) from None
        for validator in (self.api.request_validator, self.api.response_validator):
            _cache_schema_validators(validator)
        if _OPENAPI_CORE_VERSION.startswith("0.23."):  # the version its copy of _get_parameters is from
            _get_parameters_cheaply(self.api.request_validator)
        self._finder = self.api.request_validator.path_finder
        self.api.response_validator.path_finder = self._finder  # one finder, one memo

    def operation(self, method: str, path: str) -> str | None:
        """``"GET /v1/orders/{order_id}"`` (server path + path template), or None when nothing matches."""
        try:
            found = self._finder.find(method.lower(), HOST + path)
        except Exception:
            return None
        server = found.server_result.pattern.rstrip("/") if found.server_result else ""
        return f"{method.upper()} {server}{found.path_result.pattern}"

    def exchange(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        req_headers: list[tuple[str, str]],
        req_body: bytes | None,
        req_type: str | None,
        status: int,
        headers: list[tuple[str, str]],
        body: bytes | None,
        content_type: str | None,
        request_violations: list[dict] | None = None,
    ) -> tuple[str | None, list[dict]]:
        """(operation, request + response violations) of one exchange: ``operation``, ``request``
        (unless ``request_violations`` are given: --enforce checked the request already) and
        ``response`` in one go, sharing the request object and the path lookup."""
        operation = self.operation(method, path)
        req = _Request(method, path, query, req_headers, req_body, req_type)
        violations = self._request(req) if request_violations is None else list(request_violations)
        if operation is not None:
            violations += self._response(req, _Response(status, headers, body, content_type))
        return operation, violations

    def _request(self, req: _Request) -> list[dict]:
        return _violations("request", list(self.api.request_validator.iter_errors(req)))

    def _response(self, req: _Request, resp: _Response) -> list[dict]:
        errors = list(self.api.response_validator.iter_errors(req, resp))
        return [v for v in _violations("response", errors) if v["kind"] != "unknown_operation"]

    def request(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: list[tuple[str, str]],
        body: bytes | None,
        content_type: str | None,
    ) -> list[dict]:
        return self._request(_Request(method, path, query, headers, body, content_type))


def problem(violations: list[dict], operation: str | None) -> bytes:
    """An RFC 9457 problem+json body naming the field violations of a rejected request."""
    return json.dumps(
        {
            "type": "https://apilint.dev/problems/request-validation",
            "title": "Request does not match the API specification",
            "status": 400,
            "detail": f"{len(violations)} violation(s) of {operation or 'the spec'}",
            "errors": [{"field": v["field"], "kind": v["kind"], "message": v["message"]} for v in violations],
        }
    ).encode()
