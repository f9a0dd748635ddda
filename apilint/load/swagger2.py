"""Swagger 2.0 -> OpenAPI 3.0, in memory, for the runtime commands (proxy, contracts, replay, fuzz).

``check`` and ``diff`` read 2.0 as it is; the runtime tools (openapi-core, schemathesis) need 3.0.
The converted document carries, under ``x-apilint-swagger2``, a map from 3.0 pointers to the 2.0
pointers they came from (only where they differ; a subtree moves with its root), so a message about
the converted document can name the node in the file the user wrote: ``source_pointer``.

No maintained Python converter exists (swagger2openapi is a Node tool), hence this module.
"""

from __future__ import annotations

from typing import Any

from apilint.load.pointer import escape, get

ORIGINS_KEY = "x-apilint-swagger2"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_SCHEMA_KEYS = ("type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
                "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf")
_REFS = {"#/definitions/": "#/components/schemas/", "#/parameters/": "#/components/parameters/",
         "#/responses/": "#/components/responses/"}
# collectionFormat -> (style, explode); tsv has no 3.0 equivalent and is read as csv
_STYLES = {"csv": ("form", False), "ssv": ("spaceDelimited", False), "pipes": ("pipeDelimited", False),
           "multi": ("form", True), "tsv": ("form", False)}
_FLOWS = {"implicit": "implicit", "password": "password", "application": "clientCredentials",
          "accessCode": "authorizationCode"}


def is_swagger2(doc: Any) -> bool:
    return isinstance(doc, dict) and str(doc.get("swagger", "")).startswith("2.")


def source_pointer(doc: dict[str, Any], pointer: str) -> str:
    """The pointer in the original 2.0 file of a node of the converted ``doc`` (unchanged for 3.x)."""
    origins = (doc.get(ORIGINS_KEY) or {}).get("pointers") or {}
    probe = pointer
    while True:
        if probe in origins:
            return origins[probe] + pointer[len(probe):]
        if not probe:
            return pointer
        probe = probe.rsplit("/", 1)[0]


def to_openapi3(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` itself unless it is Swagger 2.0; else its OpenAPI 3.0.3 equivalent (a new dict)."""
    return _Converter(doc).run() if is_swagger2(doc) else doc


class _Converter:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = _rewrite(doc)
        self.origins: dict[str, str] = {}

    def moved(self, new: str, old: str) -> None:
        if new != old:
            self.origins[new] = old

    def run(self) -> dict[str, Any]:
        doc = self.doc
        out: dict[str, Any] = {"openapi": "3.0.3"}
        for key, value in doc.items():
            if key not in ("swagger", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
                           "parameters", "responses", "securityDefinitions"):
                out[key] = value
        out["servers"] = self.servers()
        out["paths"] = {template: self.path_item(template, item) if isinstance(item, dict) else item
                        for template, item in _dict(doc.get("paths")).items()}
        components = self.components()
        if components:
            out["components"] = components
        out[ORIGINS_KEY] = {"pointers": self.origins}
        return out

    def servers(self) -> list[dict[str, str]]:
        base = str(self.doc.get("basePath") or "/")
        host = self.doc.get("host")
        if not host:
            return [{"url": base}]
        schemes = [s for s in self.doc.get("schemes") or ["https"] if isinstance(s, str)] or ["https"]
        return [{"url": f"{scheme}://{host}{base.rstrip('/')}"} for scheme in schemes]

    def components(self) -> dict[str, Any]:
        doc, out = self.doc, {}
        if isinstance(doc.get("definitions"), dict):
            out["schemas"] = doc["definitions"]
            self.moved("/components/schemas", "/definitions")
        params, bodies = {}, {}
        for name, param in _dict(doc.get("parameters")).items():
            old = f"/parameters/{escape(name)}"
            if isinstance(param, dict) and param.get("in") == "body":
                bodies[name] = self.request_body([param], _list(doc.get("consumes")))
                self.moved(f"/components/requestBodies/{escape(name)}", old)
            elif isinstance(param, dict) and param.get("in") != "formData":  # formData is inlined where used
                params[name] = self.parameter(param)
                self.moved(f"/components/parameters/{escape(name)}", old)
        responses = {}
        for name, response in _dict(doc.get("responses")).items():
            at = f"/components/responses/{escape(name)}"
            responses[name] = self.response(response, _list(doc.get("produces")), at, f"/responses/{escape(name)}")
        schemes = {name: self.security_scheme(s) for name, s in _dict(doc.get("securityDefinitions")).items()}
        if schemes:
            self.moved("/components/securitySchemes", "/securityDefinitions")
        for key, value in (("parameters", params), ("requestBodies", bodies), ("responses", responses),
                           ("securitySchemes", schemes)):
            if value:
                out[key] = value
        return out

    def path_item(self, template: str, item: dict[str, Any]) -> dict[str, Any]:
        at = f"/paths/{escape(template)}"
        out: dict[str, Any] = {}
        shared = [self.resolve(p) for p in _list(item.get("parameters"))]
        for key, value in item.items():
            if key in _METHODS and isinstance(value, dict):
                out[key] = self.operation(value, shared, f"{at}/{key}", f"{at}/parameters")
            elif key == "parameters":
                kept = [(i, p) for i, p in enumerate(_list(value)) if _kind(self.resolve(p)) == "param"]
                out[key] = [self.parameter(p) for _, p in kept]
                for new, (old, _) in enumerate(kept):
                    self.moved(f"{at}/parameters/{new}", f"{at}/parameters/{old}")
            else:
                out[key] = value
        return out

    def operation(self, op: dict[str, Any], shared: list[Any], at: str, shared_at: str) -> dict[str, Any]:
        consumes = _list(op.get("consumes", self.doc.get("consumes")))
        produces = _list(op.get("produces", self.doc.get("produces")))
        own = _list(op.get("parameters"))
        resolved = [self.resolve(p) for p in own]
        names = {(p.get("in"), p.get("name")) for p in resolved if isinstance(p, dict)}
        # path-level body/formData parameters apply unless the operation overrides them
        inherited = [(f"{shared_at}/{i}", p, p) for i, p in enumerate(shared)
                     if _kind(p) != "param" and (p.get("in"), p.get("name")) not in names]
        mine = [(f"{at}/parameters/{i}", raw, p) for i, (raw, p) in enumerate(zip(own, resolved, strict=True))]
        out: dict[str, Any] = {}
        for key, value in op.items():
            if key not in ("consumes", "produces", "parameters", "responses", "schemes"):
                out[key] = value
        params = []
        for old, raw, param in mine:
            if _kind(param) == "param":
                self.moved(f"{at}/parameters/{len(params)}", old)
                params.append(self.parameter(raw))
        if params or "parameters" in op:
            out["parameters"] = params
        bodies = [(old, raw, p) for old, raw, p in inherited + mine if _kind(p) == "body"]
        forms = [(old, p) for old, _, p in inherited + mine if _kind(p) == "form"]
        if bodies:
            old, raw, param = bodies[0]
            if isinstance(raw, dict) and str(raw.get("$ref", "")).startswith("#/components/parameters/"):
                out["requestBody"] = {"$ref": raw["$ref"].replace("/parameters/", "/requestBodies/", 1)}
            else:
                out["requestBody"] = self.request_body([param], consumes)
            self.moved(f"{at}/requestBody", old)
        elif forms:
            out["requestBody"] = self.form_body([p for _, p in forms], consumes)
            self.moved(f"{at}/requestBody", forms[0][0])
            for ct in out["requestBody"]["content"]:
                for old, param in forms:
                    name = escape(str(param.get("name", "")))
                    self.moved(f"{at}/requestBody/content/{escape(ct)}/schema/properties/{name}", old)
        if "responses" in op:
            out["responses"] = {
                str(code): self.response(r, produces, f"{at}/responses/{escape(str(code))}",
                                         f"{at}/responses/{escape(str(code))}")
                for code, r in _dict(op["responses"]).items()}
        return out

    def resolve(self, node: Any) -> Any:
        """A parameter as it stands, its local ``$ref`` followed (any depth, no cycles)."""
        seen = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            ref = node["$ref"]
            seen.add(ref)
            if not ref.startswith("#"):
                return node
            pointer = ref[1:]
            if pointer.startswith("/components/parameters/"):  # refs were rewritten, the document was not
                pointer = pointer.replace("/components", "", 1)
            node = get(self.doc, pointer, None)
        return node

    def parameter(self, raw: Any) -> Any:
        if isinstance(raw, dict) and "$ref" in raw:
            if str(raw["$ref"]).startswith("#/components/parameters/"):
                return raw
            raw = self.resolve(raw)  # e.g. a bundled file's parameter: inline it converted
        if not isinstance(raw, dict):
            return raw
        out = {k: v for k, v in raw.items() if k not in (*_SCHEMA_KEYS, "collectionFormat", "nullable")}
        schema = self.schema_of(raw)
        out["schema"] = schema
        if schema.get("type") == "array":
            style, explode = _STYLES.get(str(raw.get("collectionFormat", "csv")), ("form", False))
            if raw.get("in") in ("path", "header"):
                style = "simple"
            out["style"], out["explode"] = style, explode
        return out

    def schema_of(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The JSON schema that 2.0 writes on a parameter, header or ``items`` directly."""
        schema = {k: v for k, v in raw.items() if k in _SCHEMA_KEYS or k == "nullable"}
        if isinstance(schema.get("items"), dict):
            schema["items"] = self.schema_of(schema["items"])
        if schema.get("type") == "file":
            schema.update(type="string", format="binary")
        return schema

    def request_body(self, params: list[dict[str, Any]], consumes: list[Any]) -> dict[str, Any]:
        param = params[0]
        out: dict[str, Any] = {"content": {ct: {"schema": param.get("schema", {})}
                                           for ct in consumes or ["application/json"]}}
        for key, value in param.items():
            if key in ("description", "required") or key.startswith("x-"):
                out[key] = value
        return out

    def form_body(self, params: list[dict[str, Any]], consumes: list[Any]) -> dict[str, Any]:
        properties, required = {}, []
        for param in params:
            prop = self.schema_of(param)
            if param.get("description"):
                prop["description"] = param["description"]
            properties[param.get("name", "")] = prop
            if param.get("required"):
                required.append(param.get("name", ""))
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        types = [ct for ct in consumes if ct in ("application/x-www-form-urlencoded", "multipart/form-data")]
        if not types:
            has_file = any(p.get("type") == "file" for p in params)
            types = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
        return {"content": {ct: {"schema": schema} for ct in types}, "required": bool(required)}

    def response(self, raw: Any, produces: list[Any], at: str, old: str) -> Any:
        self.moved(at, old)
        if isinstance(raw, dict) and "$ref" in raw:
            if str(raw["$ref"]).startswith("#/components/responses/"):
                return raw
            raw = get(self.doc, str(raw["$ref"])[1:], raw) if str(raw["$ref"]).startswith("#/") else raw
            if "$ref" in raw:
                return raw
        if not isinstance(raw, dict):
            return raw
        out: dict[str, Any] = {"description": raw.get("description", "")}
        for key, value in raw.items():
            if key.startswith("x-"):
                out[key] = value
        examples = _dict(raw.get("examples"))
        types = list(produces or ["application/json"])
        types += [ct for ct in examples if ct not in types]
        if "schema" in raw or examples:
            content = {}
            for ct in types:
                media: dict[str, Any] = {}
                if "schema" in raw:
                    schema = raw["schema"]
                    if isinstance(schema, dict) and schema.get("type") == "file":
                        schema = {**schema, "type": "string", "format": "binary"}
                    media["schema"] = schema
                    self.moved(f"{at}/content/{escape(str(ct))}/schema", f"{old}/schema")
                if ct in examples:
                    media["example"] = examples[ct]
                    self.moved(f"{at}/content/{escape(str(ct))}/example", f"{old}/examples/{escape(str(ct))}")
                content[ct] = media
            out["content"] = content
        if isinstance(raw.get("headers"), dict):
            out["headers"] = {}
            for name, header in raw["headers"].items():
                header = header if isinstance(header, dict) else {}
                converted: dict[str, Any] = {"schema": self.schema_of(header)}
                if header.get("description"):
                    converted["description"] = header["description"]
                out["headers"][name] = converted
                self.moved(f"{at}/headers/{escape(name)}/schema", f"{old}/headers/{escape(name)}")
        return out

    @staticmethod
    def security_scheme(raw: Any) -> Any:
        if not isinstance(raw, dict):
            return raw
        kind = raw.get("type")
        extra = {k: v for k, v in raw.items() if k == "description" or k.startswith("x-")}
        if kind == "basic":
            return {"type": "http", "scheme": "basic", **extra}
        if kind == "oauth2":
            flow = {"scopes": raw.get("scopes") or {}}
            for key in ("authorizationUrl", "tokenUrl"):
                if key in raw:
                    flow[key] = raw[key]
            return {"type": "oauth2", "flows": {_FLOWS.get(str(raw.get("flow")), "implicit"): flow}, **extra}
        return raw  # apiKey reads the same in both


def _kind(param: Any) -> str:
    where = param.get("in") if isinstance(param, dict) else None
    return {"body": "body", "formData": "form"}.get(str(where), "param")


def _rewrite(node: Any) -> Any:
    """A deep copy with 2.0 ``$ref`` targets moved under components and ``x-nullable`` made ``nullable``."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                for old, new in _REFS.items():
                    if value.startswith(old):
                        value = new + value[len(old):]
                        break
                out[key] = value
            elif key == "x-nullable":
                out["nullable"] = value
            else:
                out[key] = _rewrite(value)
        return out
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
