"""The registry of change kinds: a stable id, a level (breaking | warning | info), a title, the
anti-pattern section it enforces, and an example. `apilint diff` reports only registered ids;
docs/diff.md lists them all.

Schema changes are registered once per *aspect* with a level for each direction and expanded for
every place a schema occurs: ``request-body``, ``request-property``, ``request-parameter`` (requests:
narrowing what is accepted breaks clients) and ``response-body``, ``response-property``,
``response-header`` (responses: widening what is returned breaks clients).
"""

from __future__ import annotations

from dataclasses import dataclass

B, W, N = "breaking", "warning", "info"  # N: info ("notice"), never breaks a build

REQUEST_SCOPES = ("request-body", "request-property", "request-parameter")
RESPONSE_SCOPES = ("response-body", "response-property", "response-header")


@dataclass(frozen=True)
class Kind:
    id: str
    level: str
    title: str
    example: str
    section: str = "2.3"
    format: str = "openapi"


# aspect -> (request level, response level, title, example)
SCHEMA_ASPECTS: dict[str, tuple[str, str, str, str]] = {
    "type-changed": (B, B, "type changed to an unrelated type", "type: string -> type: integer"),
    "type-generalized": (N, B, "type widened", "integer -> number; no type -> any"),
    "type-specialized": (B, N, "type narrowed", "number -> integer"),
    "list-of-types-widened": (N, B, "a type added to a list of types", "[string] -> [string, integer]"),
    "list-of-types-narrowed": (B, N, "a type removed from a list of types", "[string, integer] -> [string]"),
    "format-changed": (B, B, "format changed", "format: int32 -> format: uuid"),
    "format-added": (B, N, "format added", "(none) -> format: email"),
    "format-removed": (N, W, "format removed", "format: date-time -> (none)"),
    "became-nullable": (N, B, "null became allowed", "nullable: true added"),
    "became-not-nullable": (B, N, "null no longer allowed", "nullable: true removed"),
    "enum-value-added": (N, W, "enum value added (a client may not know it)", "[a, b] -> [a, b, c]"),
    "enum-value-removed": (B, N, "enum value removed", "[a, b, c] -> [a, b]"),
    "became-enum": (B, N, "restricted to an enum", "type: string -> enum: [a, b]"),
    "enum-removed": (N, W, "enum restriction removed", "enum: [a, b] -> (any string)"),
    "error-code-enum-split": (N, B, "an error code was split into new codes (5.4)",
                              "code: [not_found] -> [order_not_found, user_not_found]"),
    "x-extensible-enum-value-removed": (B, N, "x-extensible-enum value removed", "[a, b] -> [a]"),
    "default-value-changed": (B, N, "default value changed (2.4: observable behaviour)", "default: 10 -> 20"),
    "default-value-added": (W, N, "default value set", "(none) -> default: 10"),
    "default-value-removed": (W, N, "default value removed", "default: 10 -> (none)"),
    "const-changed": (B, B, "const changed", "const: a -> const: b"),
    "const-added": (B, N, "const added", "(none) -> const: a"),
    "const-removed": (N, B, "const removed", "const: a -> (none)"),
    "pattern-added": (B, N, "pattern added", "(none) -> pattern: ^[a-z]+$"),
    "pattern-changed": (W, N, "pattern changed (cannot tell if narrower)", "^[a-z]+$ -> ^[a-z0-9]+$"),
    "pattern-generalized": (N, W, "pattern replaced by one matching anything", "^[a-z]+$ -> .*"),
    "pattern-removed": (N, W, "pattern removed", "^[a-z]+$ -> (none)"),
    "content-media-type-changed": (B, B, "contentMediaType changed", "image/png -> image/jpeg"),
    "content-encoding-changed": (B, B, "contentEncoding changed", "base64 -> base32"),
    "additional-properties-restricted": (B, N, "additionalProperties narrowed", "true -> false"),
    "additional-properties-allowed": (N, W, "additionalProperties widened", "false -> true"),
    "one-of-added": (N, B, "oneOf alternative added", "oneOf: [A] -> [A, B]"),
    "one-of-removed": (B, N, "oneOf alternative removed", "oneOf: [A, B] -> [A]"),
    "any-of-added": (N, W, "anyOf alternative added", "anyOf: [A] -> [A, B]"),
    "any-of-removed": (B, N, "anyOf alternative removed", "anyOf: [A, B] -> [A]"),
    "wrapped-in-one-of": (B, B, "schema wrapped in oneOf (generated clients change shape)", "A -> oneOf: [A, B]"),
    "prefix-items-added": (B, B, "prefixItems added", "(none) -> prefixItems: [...]"),
    "prefix-items-removed": (B, N, "prefixItems removed", "prefixItems: [...] -> (none)"),
    "deprecated": (N, N, "deprecated", "deprecated: true"),
    "deprecated-sunset-invalid": (B, B, "deprecated with an unparsable x-sunset date", "x-sunset: next year"),
    "reactivated": (N, N, "deprecation removed", "deprecated: true -> false"),
    "became-read-only": (B, N, "became readOnly (no longer accepted)", "readOnly: true added"),
    "became-not-write-only": (N, W, "writeOnly removed (now returned)", "writeOnly: true removed"),
    "discriminator-changed": (N, N, "discriminator changed", "propertyName: kind -> type"),
}
# keywords whose presence narrows (tighten) what a schema accepts; added/removed/changed
for _kw, _name in (("contains", "contains"), ("if", "if"), ("then", "then"), ("else", "else"),
                   ("not", "not"), ("dependentRequired", "dependent-required"),
                   ("dependentSchemas", "dependent-schema"), ("patternProperties", "pattern-property"),
                   ("propertyNames", "property-names"), ("unevaluatedItems", "unevaluated-items"),
                   ("unevaluatedProperties", "unevaluated-properties"), ("contentSchema", "content-schema")):
    SCHEMA_ASPECTS[f"{_name}-added"] = (B, N, f"`{_kw}` added", f"(none) -> {_kw}: ...")
    SCHEMA_ASPECTS[f"{_name}-removed"] = (N, B, f"`{_kw}` removed", f"{_kw}: ... -> (none)")
    SCHEMA_ASPECTS[f"{_name}-changed"] = (B, B, f"`{_kw}` changed", f"{_kw}: X -> {_kw}: Y")
# numeric bounds: upper bounds narrow when they go down, lower bounds when they go up
UPPER = {"maximum": "max", "exclusiveMaximum": "exclusive-max", "maxLength": "max-length",
         "maxItems": "max-items", "maxProperties": "max-properties", "maxContains": "max-contains"}
LOWER = {"minimum": "min", "exclusiveMinimum": "exclusive-min", "minLength": "min-length",
         "minItems": "min-items", "minProperties": "min-properties", "minContains": "min-contains"}
for _kw, _name in UPPER.items():
    SCHEMA_ASPECTS[f"{_name}-decreased"] = (B, N, f"{_kw} decreased", f"{_kw}: 100 -> 50")
    SCHEMA_ASPECTS[f"{_name}-set"] = (B, N, f"{_kw} set", f"(none) -> {_kw}: 50")
    SCHEMA_ASPECTS[f"{_name}-increased"] = (N, B, f"{_kw} increased", f"{_kw}: 50 -> 100")
    SCHEMA_ASPECTS[f"{_name}-unset"] = (N, B, f"{_kw} removed", f"{_kw}: 50 -> (none)")
for _kw, _name in LOWER.items():
    SCHEMA_ASPECTS[f"{_name}-increased"] = (B, N, f"{_kw} increased", f"{_kw}: 1 -> 5")
    SCHEMA_ASPECTS[f"{_name}-set"] = (B, N, f"{_kw} set", f"(none) -> {_kw}: 5")
    SCHEMA_ASPECTS[f"{_name}-decreased"] = (N, B, f"{_kw} decreased", f"{_kw}: 5 -> 1")
    SCHEMA_ASPECTS[f"{_name}-unset"] = (N, B, f"{_kw} removed", f"{_kw}: 5 -> (none)")

# property-level aspects (only for request-property / response-property)
PROPERTY_ASPECTS: dict[str, tuple[str, str, str, str]] = {
    "became-required": (B, N, "optional property became required", "required: [] -> [name]"),
    "became-optional": (N, B, "required property became optional (may be missing)", "required: [name] -> []"),
    "added-required": (B, N, "new required property", "properties: +name, required: +name"),
    "added": (N, N, "new optional property", "properties: +nickname"),
    "removed": (W, B, "optional property removed (renamed?)", "properties: -nickname"),  # 2.3: clients read it
    "required-removed": (B, B, "required property removed", "properties: -name (was required)"),
    "renamed": (B, B, "property renamed (same schema, new name)", "user_name -> username"),
}

OTHER: list[Kind] = [
    # paths and operations
    Kind("path-removed", B, "path removed without deprecation", "/pets/{id} deleted"),
    Kind("operation-removed", B, "operation removed without deprecation", "DELETE /pets/{id} deleted"),
    Kind("operation-removed-after-sunset", N, "deprecated operation removed after its sunset", "x-sunset passed"),
    Kind("operation-removed-before-sunset", B, "deprecated operation removed before its x-sunset date",
         "x-sunset: 2099-01-01, removed now"),
    Kind("operation-removed-without-notice", B, "deprecated operation removed without the configured notice "
         "period", "deprecated: true without x-sunset, notice_days: 90"),
    Kind("operation-removed-after-deprecation", N, "deprecated operation (no x-sunset, no notice period "
         "configured) removed", "deprecated: true, then removed"),
    Kind("operation-moved", B, "operation (same operationId) moved to another path or method",
         "GET /pets -> GET /animals"),
    Kind("operation-added", N, "operation added", "POST /pets"),
    Kind("operation-deprecated", N, "operation deprecated", "deprecated: true"),
    Kind("operation-deprecated-without-notice", B, "operation deprecated with an x-sunset shorter than the notice "
         "period (or none when one is required)", "x-sunset: tomorrow, notice_days: 90"),
    Kind("operation-reactivated", N, "operation un-deprecated", "deprecated: true -> false"),
    Kind("sunset-removed", B, "x-sunset removed from a still deprecated operation", "x-sunset: 2099-01-01 -> (none)"),
    Kind("sunset-invalid", B, "x-sunset is not a date", "x-sunset: soon"),
    Kind("sunset-earlier", B, "x-sunset moved earlier than the notice period allows", "2099-01-01 -> tomorrow"),
    Kind("stability-decreased", B, "x-stability-level decreased", "stable -> beta"),
    Kind("stability-invalid", B, "x-stability-level is not draft, alpha, beta or stable", "x-stability-level: gold"),
    Kind("operation-id-changed", W, "operationId changed (generated client method renamed)", "listPets -> getPets"),
    Kind("operation-id-added", N, "operationId added", "(none) -> listPets"),
    Kind("operation-id-removed", W, "operationId removed", "listPets -> (none)"),
    Kind("tag-added", N, "tag added to an operation", "tags: [pets, +store]"),
    Kind("tag-removed", N, "tag removed from an operation", "tags: [pets, -store]"),
    Kind("webhook-removed", B, "webhook removed", "webhooks: -newPet"),
    Kind("webhook-added", N, "webhook added", "webhooks: +newPet"),
    # parameters
    Kind("request-parameter-added-required", B, "new required parameter", "?tenant (required: true)"),
    Kind("request-parameter-added", N, "new optional parameter", "?limit"),
    Kind("request-parameter-removed", W, "parameter removed (clients still sending it may be rejected)", "-?limit"),
    Kind("request-parameter-removed-before-sunset", B, "deprecated parameter removed before its x-sunset", ""),
    Kind("request-parameter-renamed", B, "parameter renamed (same place, same schema)", "?user_id -> ?userId"),
    Kind("request-parameter-moved", B, "parameter moved to another location", "query api_key -> header api_key"),
    Kind("request-parameter-became-required", B, "optional parameter became required", "required: false -> true"),
    Kind("request-parameter-became-optional", N, "required parameter became optional", "required: true -> false"),
    Kind("request-parameter-deprecated", N, "parameter deprecated", "deprecated: true"),
    Kind("request-parameter-reactivated", N, "parameter un-deprecated", "deprecated: true -> false"),
    Kind("request-parameter-sunset-removed", B, "x-sunset removed from a still deprecated parameter", ""),
    Kind("request-parameter-sunset-invalid", B, "parameter x-sunset is not a date", "x-sunset: soon"),
    Kind("request-parameter-style-changed", B, "parameter serialisation (style/explode) changed",
         "style: form -> spaceDelimited"),
    # request bodies
    Kind("request-body-added-required", B, "required request body added", "requestBody.required: true"),
    Kind("request-body-added", N, "optional request body added", "requestBody (optional)"),
    Kind("request-body-removed", B, "request body removed", "-requestBody"),
    Kind("request-body-became-required", B, "request body became required", "required: false -> true"),
    Kind("request-body-became-optional", N, "request body became optional", "required: true -> false"),
    Kind("request-body-media-type-removed", B, "request media type no longer accepted", "-application/xml"),
    Kind("request-body-media-type-added", N, "request media type added", "+application/xml"),
    # responses
    Kind("response-success-status-removed", B, "success status code removed", "-200"),
    Kind("response-status-removed", W, "error status code removed", "-404"),
    Kind("response-status-changed", B, "status code changed for the same condition", "400 -> 422"),
    Kind("response-status-added", N, "status code added", "+429"),
    Kind("response-success-status-added", N, "success status code added", "+202"),
    Kind("response-media-type-removed", B, "response media type removed", "-application/json"),
    Kind("response-media-type-added", N, "response media type added", "+application/xml"),
    Kind("response-header-removed-required", B, "required response header removed", "-X-Rate-Limit"),
    Kind("response-header-removed", W, "optional response header removed", "-X-Request-Id"),
    Kind("response-header-added", N, "response header added", "+X-Request-Id"),
    Kind("response-header-became-optional", B, "response header became optional", "required: true -> false"),
    # security
    Kind("security-added", B, "security requirement added (clients must now authenticate)", "security: +oauth"),
    Kind("security-removed", N, "security requirement removed", "security: -api_key"),
    Kind("security-scope-added", B, "OAuth scope added to a requirement (tightened)", "[read] -> [read, admin]"),
    Kind("security-scope-removed", N, "OAuth scope removed from a requirement", "[read, admin] -> [read]"),
]

# buf rule ids, every one breaking: (id, title, example)
_PROTO_TABLE: list[tuple[str, str, str]] = [
    # deletions
    ("FILE_NO_DELETE", "file deleted", "a.proto deleted"),
    ("PACKAGE_NO_DELETE", "package deleted", "package shop.v1 gone"),
    ("MESSAGE_NO_DELETE", "message deleted from its file", "message Order deleted"),
    ("PACKAGE_MESSAGE_NO_DELETE", "message deleted from its package", ""),
    ("ENUM_NO_DELETE", "enum deleted from its file", "enum State deleted"),
    ("PACKAGE_ENUM_NO_DELETE", "enum deleted from its package", ""),
    ("SERVICE_NO_DELETE", "service deleted from its file", "service Shop deleted"),
    ("PACKAGE_SERVICE_NO_DELETE", "service deleted from its package", ""),
    ("RPC_NO_DELETE", "RPC deleted", "rpc GetOrder deleted"),
    ("FIELD_NO_DELETE", "field deleted", "string note = 4; deleted"),
    ("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "field deleted without reserving its number", ""),
    ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "field deleted without reserving its name", ""),
    ("ENUM_VALUE_NO_DELETE", "enum value deleted", "STATE_OPEN = 1; deleted"),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "enum value deleted without reserving its number", ""),
    ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "enum value deleted without reserving its name", ""),
    ("ONEOF_NO_DELETE", "oneof deleted", "oneof kind deleted"),
    ("EXTENSION_NO_DELETE", "extension deleted from its file", ""),
    ("PACKAGE_EXTENSION_NO_DELETE", "extension deleted from its package", ""),
    ("EXTENSION_MESSAGE_NO_DELETE", "extension range deleted", "extensions 100 to 200; deleted"),
    ("RESERVED_MESSAGE_NO_DELETE", "reserved range or name deleted from a message (it can be reused)",
     "reserved 4; deleted"),
    ("RESERVED_ENUM_NO_DELETE", "reserved range or name deleted from an enum", ""),
    ("FIELD_NUMBER_CHANGED", "field number changed (same name, new number: old data and clients break)",
     "string note = 4 -> string note = 7"),
    ("FIELD_NUMBER_RESERVED_REUSED", "a reserved field number or name is used again", "reserved 4 -> int32 x = 4"),
    # fields
    ("FIELD_SAME_NAME", "field renamed (JSON and generated code break)", "user_name -> username"),
    ("FIELD_SAME_JSON_NAME", "field json_name changed", ""),
    ("FIELD_SAME_TYPE", "field type changed", "int32 -> string"),
    ("FIELD_WIRE_COMPATIBLE_TYPE", "field type changed to a wire-incompatible type", "int32 -> string"),
    ("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "field type changed to a wire- or JSON-incompatible type", "int32 -> int64"),
    ("FIELD_SAME_CARDINALITY", "field label changed (repeated / optional / required)",
     "string tag -> repeated string tag"),
    ("FIELD_WIRE_COMPATIBLE_CARDINALITY", "field cardinality changed incompatibly on the wire", ""),
    ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "field cardinality changed incompatibly on wire or JSON", ""),
    ("FIELD_SAME_ONEOF", "field moved into or out of a oneof", ""),
    ("FIELD_SAME_DEFAULT", "field default changed", "[default = 1] -> [default = 2]"),
    ("FIELD_SAME_JSTYPE", "field jstype changed", ""),
    ("FIELD_SAME_CPP_STRING_TYPE", "field ctype / C++ string type changed", ""),
    ("FIELD_SAME_UTF8_VALIDATION", "string UTF-8 validation changed", ""),
    ("FIELD_SAME_JAVA_UTF8_VALIDATION", "Java UTF-8 validation changed", ""),
    ("MESSAGE_SAME_REQUIRED_FIELDS", "required fields added or removed", ""),
    ("MESSAGE_SAME_JSON_FORMAT", "message JSON format support changed", ""),
    ("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", "no_standard_descriptor_accessor turned on", ""),
    ("ENUM_VALUE_SAME_NAME", "enum value renamed", "STATE_OPEN -> STATE_ACTIVE"),
    ("ENUM_SAME_TYPE", "enum changed between open and closed", ""),
    ("ENUM_SAME_JSON_FORMAT", "enum JSON format support changed", ""),
    # rpcs
    ("RPC_SAME_REQUEST_TYPE", "RPC request type changed", "GetOrderRequest -> OrderRequest"),
    ("RPC_SAME_RESPONSE_TYPE", "RPC response type changed", ""),
    ("RPC_SAME_CLIENT_STREAMING", "RPC client streaming changed", ""),
    ("RPC_SAME_SERVER_STREAMING", "RPC server streaming changed", ""),
    ("RPC_SAME_IDEMPOTENCY_LEVEL", "RPC idempotency_level changed", ""),
    # files
    ("FILE_SAME_PACKAGE", "file moved to another package", "package a.v1 -> b.v1"),
    ("FILE_SAME_SYNTAX", "file syntax changed", "proto2 -> proto3"),
]
PROTO_FILE_OPTIONS = ("cc_enable_arenas", "cc_generic_services", "csharp_namespace", "go_package",
                      "java_generic_services", "java_multiple_files", "java_outer_classname", "java_package",
                      "objc_class_prefix", "optimize_for", "php_class_prefix", "php_metadata_namespace",
                      "php_namespace", "py_generic_services", "ruby_package", "swift_prefix")
_PROTO_TABLE += [(f"FILE_SAME_{option.upper()}", f"file option {option} changed", "")
                 for option in PROTO_FILE_OPTIONS]
PROTO: list[Kind] = [Kind(id_, B, title, example, format="proto") for id_, title, example in _PROTO_TABLE]


def _build() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for aspect, (req, resp, title, example) in SCHEMA_ASPECTS.items():
        for scope in REQUEST_SCOPES:
            kinds[f"{scope}-{aspect}"] = Kind(f"{scope}-{aspect}", req, f"{scope.replace('-', ' ')}: {title}",
                                              example)
        for scope in RESPONSE_SCOPES:
            kinds[f"{scope}-{aspect}"] = Kind(f"{scope}-{aspect}", resp, f"{scope.replace('-', ' ')}: {title}",
                                              example)
    for aspect, (req, resp, title, example) in PROPERTY_ASPECTS.items():
        kinds[f"request-property-{aspect}"] = Kind(f"request-property-{aspect}", req, f"request: {title}", example)
        kinds[f"response-property-{aspect}"] = Kind(f"response-property-{aspect}", resp, f"response: {title}",
                                                    example)
    for kind in (*OTHER, *PROTO):
        kinds[kind.id] = kind
    return kinds


KINDS: dict[str, Kind] = _build()
for _id in [k for k in KINDS if "error-code-enum-split" in k]:
    KINDS[_id] = Kind(_id, KINDS[_id].level, KINDS[_id].title, KINDS[_id].example, section="5.4")
for _id in [k for k in KINDS if "default-value" in k]:
    KINDS[_id] = Kind(_id, KINDS[_id].level, KINDS[_id].title, KINDS[_id].example, section="2.4")


def level_of(change_id: str) -> str:
    return KINDS[change_id].level


def markdown_tables() -> str:
    """The reference tables of docs/diff.md (regenerate with `python -m apilint.diff.kinds`)."""

    def row(*cells: str) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = ["### Schema changes", "",
           "Each aspect exists for every place a schema occurs. The request level applies to `request-body-*`,",
           "`request-property-*` and `request-parameter-*`; the response level to `response-body-*`,",
           "`response-property-*` and `response-header-*`.", "",
           row("aspect", "request", "response", "what", "example", "ids"), row(*["---"] * 6)]
    for aspect, (req, resp, title, example) in SCHEMA_ASPECTS.items():
        ids = ", ".join(f"`{scope}-{aspect}`" for scope in (*REQUEST_SCOPES, *RESPONSE_SCOPES))
        out.append(row(f"`{aspect}`", req, resp, title, f"`{example}`" if example else "", ids))
    out += ["", "### Property changes", "", row("id", "level", "what", "example"), row(*["---"] * 4)]
    for aspect, (req, resp, title, example) in PROPERTY_ASPECTS.items():
        out.append(row(f"`request-property-{aspect}`", req, title, f"`{example}`"))
        out.append(row(f"`response-property-{aspect}`", resp, title, f"`{example}`"))
    out += ["", "### Operations, parameters, bodies, responses, security, lifecycle", "",
            row("id", "level", "what", "example"), row(*["---"] * 4)]
    out += [row(f"`{k.id}`", k.level, k.title + (f" ({k.section})" if k.section != "2.3" else ""),
                f"`{k.example}`" if k.example else "") for k in OTHER]
    out += ["", "### Protocol Buffers (buf rule ids)", "", row("id", "level", "what", "example"), row(*["---"] * 4)]
    out += [row(f"`{k.id}`", k.level, k.title, f"`{k.example}`" if k.example else "") for k in PROTO]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(markdown_tables(), end="")
