"""patch-replaces-resource: PATCH body requires the whole resource (2.2, 4.4)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, rule
from apilint.model.core import Api
from apilint.model.query import response_schema
from apilint.rules._examples import proto, spec

_PATCH_SPEC = spec("""
        /v1/orders/{{order_id}}:
          parameters:
            - {{name: order_id, in: path, required: true, schema: {{type: string}}}}
          get:
            operationId: getOrder
            responses:
              '200':
                description: The order
                content:
                  application/json:
                    schema: {{$ref: '#/components/schemas/Order'}}
          patch:
            operationId: updateOrder
            requestBody:
              content:
                application/merge-patch+json:
                  schema: {{$ref: '#/components/schemas/{schema}'}}
            responses: {{'200': {{description: OK}}}}
    """, """
        schemas:
          Order:
            type: object
            required: [customer_id, items, note]
            properties:
              customer_id: {{type: string}}
              items: {{type: array, items: {{type: string}}}}
              note: {{type: string}}
          OrderPatch:
            type: object
            properties:
              items: {{type: array, items: {{type: string}}}}
              note: {{type: string}}
    """)


_PROTO_PATCH_REPLACES_RESOURCE_BAD = proto("""
        service Products {
          rpc CreateProduct(Product) returns (Product) {
            option (google.api.http) = {post: "/v1/products" body: "*"};
          }
          rpc UpdateProduct(Product) returns (Product) {
            option (google.api.http) = {patch: "/v1/products/{id}" body: "*"};
          }
        }
        message Product {
          string id = 1;
          string title = 2 [(validate.rules).message.required = true];
        }
    """, imports=["google/api/annotations.proto", "validate/validate.proto"])


_PROTO_PATCH_REPLACES_RESOURCE_GOOD = proto("""
        service Products {
          rpc CreateProduct(Product) returns (Product) {
            option (google.api.http) = {post: "/v1/products" body: "*"};
          }
          rpc UpdateProduct(UpdateProductRequest) returns (Product) {
            option (google.api.http) = {patch: "/v1/products/{product.id}" body: "product"};
          }
        }
        message Product {
          string id = 1;
          string title = 2 [(validate.rules).message.required = true];
        }
        message UpdateProductRequest {
          Product product = 1;
          google.protobuf.FieldMask update_mask = 2;
        }
    """, imports=["google/api/annotations.proto", "validate/validate.proto", "google/protobuf/field_mask.proto"])


@rule(id="patch-replaces-resource", title="PATCH body requires the whole resource", sections=("2.2", "4.4"),
      reads_descriptions=False,
      severity="warning", formats=("openapi", "proto"), rationale="""
PATCH is a partial update: the body carries only what changes. A PATCH whose body schema requires every
property of the resource (or reuses the create/replace schema with its required fields) is a PUT in
disguise: clients must send fields they do not mean to change, and a field they omit or send stale is
overwritten (anti-patterns 2.2 and 4.4).""",
      fix="Give PATCH its own schema with no required fields (JSON merge patch), or use PUT for full replacement.",
      examples=[Example("proto", bad=_PROTO_PATCH_REPLACES_RESOURCE_BAD, good=_PROTO_PATCH_REPLACES_RESOURCE_GOOD),
                Example("openapi", bad=_PATCH_SPEC.format(schema="Order"),
                        good=_PATCH_SPEC.format(schema="OrderPatch"))])
def patch_replaces_resource(api: Api, ctx: Context) -> Iterator[Issue]:
    full_bodies: dict[tuple[str, str], str] = {}
    for op in api.operations:
        if op.method in ("put", "post") and op.request is not None and op.request.schema is not None:
            full_bodies.setdefault(op.request.schema.key, op.label)
    gets = {op.path: op for op in api.operations if op.method == "get" and op.path}

    def resource_fields(path: str | None) -> set[str]:
        """Writable properties of what GET returns at ``path`` (computed only for PATCHed paths)."""
        schema = response_schema(gets[path]) if path in gets else None
        if schema is None:
            return set()
        return {name for name, prop in schema.all_properties().items()
                if prop.data.get("readOnly") is not True and name not in ("id", "name")}

    for op in api.operations:
        if op.method != "patch" or op.request is None or op.request.schema is None:
            continue
        schema = op.request.schema
        required = set(schema.required)
        if not required:
            continue
        if schema.key in full_bodies:
            yield Issue(op.request.loc, f"{op.label} takes the same body schema as {full_bodies[schema.key]}, "
                        f"with required fields ({', '.join(sorted(required))})",
                        hint="give PATCH a schema whose fields are all optional")
        elif len(resource := resource_fields(op.path)) >= 2 and required >= resource:
            yield Issue(op.request.loc, f"{op.label}: the PATCH body requires every property of the resource "
                        f"({', '.join(sorted(resource))}), which replaces it whole",
                        hint="make the fields optional (partial update) or use PUT")
