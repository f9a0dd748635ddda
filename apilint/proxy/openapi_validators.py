"""Faster schema validation for openapi-core: validators built once per schema location, and a
jsonschema-rs pre-check (``apilint.proxy.fastschema``) in front of JSON body schemas.

A value the pre-check accepts is valid; anything else is validated by openapi-core as before, so
the violations cannot change (``tests/proxy/test_validation_equivalence.py``).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from apilint.proxy.fastschema import JSON_MEDIA_TYPES, compile_body_check


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


def cache_schema_validators(validator: Any) -> None:
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
