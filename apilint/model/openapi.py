"""Build the normalised model from an OpenAPI 2.0 / 3.0 / 3.1 / 3.2 document and its referenced files.

Rules get only the shapes the model promises (``apilint/model/shapes.py``): a wrong-typed keyword of
the document, an operation, a parameter or a schema is left out of what rules see (and reported by
``oas-schema-invalid``, which validates the document as written), so rules need no defensive code.
"""

from __future__ import annotations

import weakref
from typing import Any

from apilint.errors import InputError
from apilint.load.pointer import escape, join
from apilint.load.source import SourceFile
from apilint.load.workspace import Workspace
from apilint.model.core import HTTP_METHODS, Api, Body, Loc, Operation, Parameter, Response, Schema
from apilint.model.shapes import DOCUMENT, OPERATION, PARAMETER, SCHEMA, shaped


def detect_version(data: Any, display: str) -> str:
    if not isinstance(data, dict):
        raise InputError("not an OpenAPI document: the top level is not a mapping", display, 1, 1)
    version = data.get("openapi", data.get("swagger"))
    if version is None:
        raise InputError("not an OpenAPI document: no 'openapi' or 'swagger' field at the top level",
                         display, 1, 1)
    version = str(version)
    if not (version.startswith(("2.", "3.0", "3.1", "3.2"))):
        raise InputError(f"unsupported OpenAPI version '{version}' (apilint reads 2.0, 3.0, 3.1 and 3.2)",
                         display, 1, 1)
    return version


class OpenApiSchema(Schema):
    """A schema node that follows ``$ref`` lazily through the workspace."""

    def __init__(self, factory: SchemaFactory, loc: Loc, data: dict[str, Any], source: SourceFile,
                 name: str | None = None) -> None:
        super().__init__(loc, data, name)
        # weak: the factory's cache holds its schemas, and a cycle through it would keep the whole parsed
        # workspace alive until the cyclic collector's next full pass (~0.1 s on a 13 MB spec, on each edit)
        self._factory, self._source = weakref.ref(factory), source
        self._props: dict[str, Schema] | None = None

    def _child(self, value: Any, *tokens: str | int) -> Schema | None:
        factory = self._factory()
        if factory is None:
            raise RuntimeError("a schema of the OpenAPI model was used after its Api was dropped")
        return factory.make(value, self._source, join(self.loc.pointer, *tokens))

    def properties(self) -> dict[str, Schema]:
        if self._props is None:
            props = self.data.get("properties")
            self._props = {}
            if isinstance(props, dict):
                for name, value in props.items():
                    child = self._child(value, "properties", name)
                    if child is not None:
                        self._props[name] = child
        return self._props

    def items(self) -> Schema | None:
        value = self.data.get("items")
        return self._child(value, "items") if isinstance(value, dict) else None

    def composed(self) -> list[Schema]:
        members: list[Schema] = []
        for keyword in ("allOf", "oneOf", "anyOf"):
            values = self.data.get(keyword)
            if isinstance(values, list):
                for index, value in enumerate(values):
                    child = self._child(value, keyword, index)
                    if child is not None:
                        members.append(child)
        return members


class SchemaFactory:
    def __init__(self, workspace: Workspace, names: dict[tuple[str, str], str]) -> None:
        self.workspace = workspace
        self.names = names  # (file, pointer) of named component schemas -> name
        self.cache: dict[tuple[str, str], OpenApiSchema] = {}

    def make(self, value: Any, source: SourceFile, pointer: str) -> OpenApiSchema | None:
        if not (isinstance(value, dict) and "$ref" not in value):  # inline schemas need no resolving
            resolved = self.workspace.deref(value, source, pointer)
            if resolved is None or not isinstance(resolved.value, dict):
                return None
            value, source, pointer = resolved.value, resolved.source, resolved.pointer
        key = (source.path, pointer)
        schema = self.cache.get(key)
        if schema is None:
            schema = OpenApiSchema(self, Loc(source.display, pointer), shaped(value, SCHEMA), source,
                                   self.names.get(key))
            self.cache[key] = schema
        return schema


SCHEMA_FACTORY = "apilint.model.openapi.SchemaFactory"


def build_openapi(workspace: Workspace) -> Api:
    return _Builder(workspace).build()


class _Builder:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.root = workspace.root
        self.doc: dict[str, Any] = workspace.root.data
        self.version = detect_version(self.doc, self.root.display)
        self.swagger = self.version.startswith("2.")
        components = self.doc.get("definitions" if self.swagger else "components", {})
        if not self.swagger:
            components = components.get("schemas", {}) if isinstance(components, dict) else {}
        base = "/definitions" if self.swagger else "/components/schemas"
        self.schema_base = base
        names = {}
        if isinstance(components, dict):
            names = {(self.root.path, f"{base}/{escape(n)}"): n for n in components}
        self.schemas = SchemaFactory(workspace, names)

    def loc(self, source: SourceFile, pointer: str) -> Loc:
        return Loc(source.display, pointer)

    def build(self) -> Api:
        doc = self.doc
        info = doc.get("info") if isinstance(doc.get("info"), dict) else {}
        api = Api(
            format="openapi", spec_version=self.version, title=_str(info.get("title")),
            version=_str(info.get("version")), file=self.root.display, raw=shaped(doc, DOCUMENT), workspace=self.ws,
            info_loc=Loc(self.root.display, "/info"),
        )
        api.memo[SCHEMA_FACTORY] = self.schemas  # the Api keeps the factory its schemas hold weakly
        api.servers = self._servers()
        api.security = _requirements(doc.get("security")) or []
        components = doc.get("components")
        schemes = (doc.get("securityDefinitions") if self.swagger
                   else components.get("securitySchemes") if isinstance(components, dict) else None)
        api.security_schemes = ({k: v for k, v in schemes.items() if isinstance(v, dict)}
                                if isinstance(schemes, dict) else {})
        for (_, pointer), name in self.schemas.names.items():
            schema = self.schemas.make(_pget(doc, pointer), self.root, pointer)
            if schema is not None:
                api.schemas[name] = schema
        paths = doc.get("paths")
        if isinstance(paths, dict):
            for path, item in paths.items():
                if isinstance(path, str) and path.startswith("/"):
                    api.operations.extend(self._path_item(path, item, f"/paths/{escape(path)}"))
        return api

    def _servers(self) -> list[str]:
        doc = self.doc
        if self.swagger:
            if "host" not in doc and "basePath" not in doc:
                return []
            schemes = _strings(doc.get("schemes")) or ["https"]
            host, base = _str(doc.get("host")) or "", _str(doc.get("basePath")) or ""
            return [f"{s}://{host}{base}" for s in schemes]
        servers = doc.get("servers")
        if not isinstance(servers, list):
            return []
        return [s["url"] for s in servers if isinstance(s, dict) and isinstance(s.get("url"), str)]

    def _path_item(self, path: str, item: Any, pointer: str) -> list[Operation]:
        resolved = self.ws.deref(item, self.root, pointer)
        if resolved is None or not isinstance(resolved.value, dict):
            return []
        source, base, item = resolved.source, resolved.pointer, resolved.value
        shared = self._parameters(item.get("parameters"), source, base + "/parameters")
        operations = []
        methods = [(m, item.get(m), f"{base}/{m}") for m in HTTP_METHODS]
        extra = item.get("additionalOperations")  # 3.2
        if isinstance(extra, dict):
            methods += [(m.lower(), op, f"{base}/additionalOperations/{escape(m)}") for m, op in extra.items()]
        for method, raw, op_pointer in methods:
            if raw is None:
                continue
            # Operation objects are not ref-able in the standard, but real multi-file specs
            # (DigitalOcean's) $ref them, and every mainstream tool follows such refs.
            op = self.ws.deref(raw, source, op_pointer)
            if op is not None and isinstance(op.value, dict):
                operations.append(self._operation(path, method, op.value, op.source, op.pointer, shared))
        return operations

    def _operation(self, path: str, method: str, raw: dict[str, Any], source: SourceFile, pointer: str,
                   shared: list[Parameter]) -> Operation:
        raw = shaped(raw, OPERATION)
        own = self._parameters(raw.get("parameters"), source, pointer + "/parameters")
        names = {(p.name, p.location) for p in own}
        params = own + [p for p in shared if (p.name, p.location) not in names]
        op_id = _str(raw.get("operationId"))
        operation = Operation(
            name=op_id or f"{method.upper()} {path}", loc=self.loc(source, pointer), method=method,
            path=path, operation_id=op_id, summary=_str(raw.get("summary")),
            description=_str(raw.get("description")), deprecated=raw.get("deprecated") is True,
            tags=[t for t in raw.get("tags", []) if isinstance(t, str)] if isinstance(raw.get("tags"), list)
            else [], security=_requirements(raw.get("security")),
            raw=raw,
        )
        if self.swagger:
            body = [p for p in params if p.location in ("body", "formData")]
            operation.parameters = [p for p in params if p.location not in ("body", "formData")]
            operation.request = self._swagger_body(raw, body, source, pointer)
        else:
            operation.parameters = params
            operation.request = self._request_body(raw.get("requestBody"), source, pointer + "/requestBody")
        responses = raw.get("responses")
        if isinstance(responses, dict):
            for status, value in responses.items():
                response = self._response(str(status), value, source,
                                          f"{pointer}/responses/{escape(str(status))}", raw)
                if response is not None:
                    operation.responses[str(status)] = response
        return operation

    def _parameters(self, values: Any, source: SourceFile, pointer: str) -> list[Parameter]:
        if not isinstance(values, list):
            return []
        params = []
        for index, value in enumerate(values):
            resolved = self.ws.deref(value, source, f"{pointer}/{index}")
            if resolved is None or not isinstance(resolved.value, dict):
                continue
            raw, src, at = shaped(resolved.value, PARAMETER), resolved.source, resolved.pointer
            self.ws.normalise(resolved, raw)
            name, where = raw.get("name"), raw.get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                continue
            if "schema" in raw:
                schema = self.schemas.make(raw["schema"], src, at + "/schema")
            elif "content" in raw and isinstance(raw["content"], dict) and raw["content"]:
                media, media_obj = next(iter(raw["content"].items()))
                schema = (self.schemas.make(media_obj.get("schema"), src, f"{at}/content/{escape(media)}/schema")
                          if isinstance(media_obj, dict) and "schema" in media_obj else None)
            else:  # swagger 2.0 non-body parameter: the schema keywords sit on the parameter itself
                schema = self.schemas.make(raw, src, at)
            params.append(Parameter(name=name, location=where, required=raw.get("required") is True,
                                    schema=schema, loc=Loc(src.display, at),
                                    description=_str(raw.get("description")),
                                    deprecated=raw.get("deprecated") is True))
        return params

    def _content(self, content: Any, source: SourceFile, pointer: str) -> dict[str, Schema | None]:
        result: dict[str, Schema | None] = {}
        if isinstance(content, dict):
            for media, media_obj in content.items():
                at = f"{pointer}/{escape(media)}"
                schema = None
                if isinstance(media_obj, dict) and "schema" in media_obj:
                    schema = self.schemas.make(media_obj["schema"], source, at + "/schema")
                result[str(media)] = schema
        return result

    def _request_body(self, value: Any, source: SourceFile, pointer: str) -> Body | None:
        if value is None:
            return None
        resolved = self.ws.deref(value, source, pointer)
        if resolved is None or not isinstance(resolved.value, dict):
            return None
        raw, src = resolved.value, resolved.source
        return Body(loc=Loc(src.display, resolved.pointer),
                    content=self._content(raw.get("content"), src, resolved.pointer + "/content"),
                    required=raw.get("required") is True, description=_str(raw.get("description")))

    def _swagger_body(self, raw: dict[str, Any], body: list[Parameter], source: SourceFile,
                      pointer: str) -> Body | None:
        if not body:
            return None
        consumes = _strings(raw.get("consumes")) or _strings(self.doc.get("consumes")) or ["application/json"]
        if body[0].location == "body":
            return Body(loc=body[0].loc, content={str(m): body[0].schema for m in consumes},
                        required=body[0].required, description=body[0].description)
        return Body(loc=body[0].loc, content={"application/x-www-form-urlencoded": None},
                    required=any(p.required for p in body))

    def _response(self, status: str, value: Any, source: SourceFile, pointer: str,
                  operation: dict[str, Any]) -> Response | None:
        resolved = self.ws.deref(value, source, pointer)
        if resolved is None or not isinstance(resolved.value, dict):
            return None
        raw, src, at = resolved.value, resolved.source, resolved.pointer
        if self.swagger:
            content: dict[str, Schema | None] = {}
            if "schema" in raw:
                produces = (_strings(operation.get("produces")) or _strings(self.doc.get("produces"))
                            or ["application/json"])
                schema = self.schemas.make(raw["schema"], src, at + "/schema")
                content = {str(m): schema for m in produces}
        else:
            content = self._content(raw.get("content"), src, at + "/content")
        headers = {}
        if isinstance(raw.get("headers"), dict):
            for name, header in raw["headers"].items():
                h_res = self.ws.deref(header, src, f"{at}/headers/{escape(name)}")
                if h_res is None or not isinstance(h_res.value, dict):
                    continue
                schema_value = h_res.value.get("schema", h_res.value if self.swagger else None)
                schema = (self.schemas.make(schema_value, h_res.source, h_res.pointer + "/schema")
                          if schema_value is not None and not self.swagger
                          else self.schemas.make(h_res.value, h_res.source, h_res.pointer))
                headers[name.lower()] = Parameter(
                    name=name, location="header", required=h_res.value.get("required") is True,
                    schema=schema, loc=Loc(h_res.source.display, h_res.pointer),
                    description=_str(h_res.value.get("description")))
        body = Body(loc=Loc(src.display, at), content=content) if content else None
        return Response(status=status, loc=Loc(src.display, at), description=_str(raw.get("description")),
                        body=body, headers=headers)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> list[str]:
    """The strings of a list (media types, schemes); anything else in it is left out."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _requirements(value: Any) -> list[dict[str, list[str]]] | None:
    """A security requirement list as the model promises it: mappings of scheme name to scope strings."""
    if not isinstance(value, list):
        return None
    return [{name: _strings(scopes) for name, scopes in item.items()} for item in value if isinstance(item, dict)]


def _pget(doc: Any, pointer: str) -> Any:
    from apilint.load.pointer import get

    return get(doc, pointer, None)


def replace_text(api: Api, file: str, pointer: str, old: str, new: str) -> None:
    """Make a model built before the string at ``pointer`` (a ``description`` or ``summary`` in ``file``, the
    path as given to the workspace) changed from ``old`` to ``new`` in its document read the new text: in the
    copies the model made of it and in the facts rules derived from the model (dropped)."""
    parent, _, key = pointer.rpartition("/")
    factory = api.memo[SCHEMA_FACTORY]
    api.memo.clear()
    api.memo[SCHEMA_FACTORY] = factory
    display = api.workspace.files[file].display

    def update(node: Any) -> None:
        if node.loc.file == display and node.loc.pointer == parent and getattr(node, key, None) == old:
            setattr(node, key, new)

    for operation in api.operations:
        update(operation)
        if operation.raw.get(key) == old and operation.loc.file == display and operation.loc.pointer == parent:
            operation.raw[key] = new
        for parameter in operation.parameters:
            update(parameter)
        if operation.request is not None:
            update(operation.request)
        for response in operation.responses.values():
            update(response)
            for header in response.headers.values():
                update(header)
    schema = factory.cache.get((file, parent))
    if schema is not None and schema.data.get(key) == old:
        schema.data[key] = new
