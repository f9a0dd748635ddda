"""Faster spec lookups for openapi-core: a path finder that remembers, and memoised spec locations.

openapi-core reads the spec on every request; the spec never changes while the proxy runs, so what
it finds can be kept. Each speed-up returns exactly what openapi-core would have computed
(``tests/proxy/test_validation_equivalence.py``); ``apilint.proxy.validation`` installs them.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlparse

from apilint.recording.paths import PathTemplate, compile_template

try:
    from importlib.metadata import version as _version

    _OPENAPI_CORE_VERSION = _version("openapi-core")
except Exception:  # pragma: no cover - not installed the usual way
    _OPENAPI_CORE_VERSION = ""


def _templates(spec: dict) -> list[PathTemplate]:
    """Every path template of the document under every server path, most specific first."""
    prefixes = {"/"}
    path_items = [item for item in (spec.get("paths") or {}).values() if isinstance(item, dict)]
    for servers in [spec.get("servers")] + [item.get("servers") for item in path_items]:
        for server in servers or []:
            if isinstance(server, dict) and isinstance(server.get("url"), str):
                prefixes.add(server["url"])
    out = []
    for prefix in prefixes:
        for template in spec.get("paths") or {}:
            out.append(compile_template(prefix.rstrip("/") + str(template)))
    out.sort(key=lambda t: -t.literal_length)
    return out


def fast_finder_cls(spec: dict) -> type:
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

    templates = [(t.regex, t) for t in _templates(spec)]

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
            hit = next(((t, m) for regex, t in templates if (m := regex.match(path))), None)
            if hit is None:
                return super().find(method, name)
            template, match = hit
            names, full = template.names, template.template
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


RESOLVED_CACHE = 65536  # spec locations whose resolved node jsonschema-path keeps (an LRU)
MEMO_PER_NODE = 256  # children / reads remembered per spec location (bounded even for odd keys)
_ABSENT = object()


@functools.cache
def memo_path_cls() -> type:
    """A jsonschema-path ``SchemaPath`` whose children and reads are computed once per location.

    openapi-core reads the spec through ``SchemaPath`` objects on every request (``param / "name"``,
    ``"schema" in media_type``, ``read_str``, iteration), and every step builds a new path object
    and resolves it from the root; that is most of its CPU per exchange. The spec never changes
    while the proxy runs, and the operation objects the path finder returns are reused (see
    ``fast_finder_cls``), so a location can keep its child paths and values: the same objects
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


def get_parameters_cheaply(validator: Any) -> None:
    """openapi-core 0.23's ``BaseRequestValidator._get_parameters``, line for line, except that the
    defaults of its two ``.get("parameters", SchemaPath.from_dict({}))`` calls (a new accessor and
    reference registry each, built whether needed or not) are built once. Other versions of
    openapi-core keep their own."""
    if not _OPENAPI_CORE_VERSION.startswith("0.23."):  # the version this copy is from
        return
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
