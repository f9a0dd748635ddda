"""Reading custom options (google.api.http, google.api.field_behavior, google.api.resource, PGV's
validate.rules and protovalidate's buf.validate.field) from compiled descriptors.

The generated ``validate_pb2`` module is not importable (protoc-gen-validate ships only the .proto),
and relying on ``google.api.*_pb2`` being imported before parsing is fragile. So the extensions are
read the same way for all of them: the files defining them (which protoc put in the descriptor set
because the user's protos import them) are loaded into a private ``DescriptorPool``, and each options
message is re-parsed from its bytes with that pool's classes, where the extensions are known fields.
"""

from __future__ import annotations

from typing import Any

_EXTENSION_FILES = ("validate/validate.proto", "buf/validate/validate.proto", "google/api/field_behavior.proto",
                    "google/api/annotations.proto", "google/api/resource.proto")


class OptionReader:
    """Extension values of field, method and message options; empty answers when the extension's file
    was not imported (then no element can carry it)."""

    def __init__(self, descriptors: Any) -> None:
        self._classes: dict[str, Any] = {}
        self._extensions: dict[str, Any] = {}
        self._parsed: dict[int, tuple[Any, Any]] = {}  # id(options) -> (options, re-parsed options)
        by_name = {f.name: f for f in descriptors.file}
        wanted = [name for name in _EXTENSION_FILES if name in by_name]
        if not wanted:
            return
        from google.protobuf import descriptor_pool, message_factory

        pool = descriptor_pool.DescriptorPool()
        added: set[str] = set()

        def add(name: str) -> None:
            if name in added or name not in by_name:
                return
            added.add(name)
            for dependency in by_name[name].dependency:
                add(dependency)
            pool.Add(by_name[name])

        try:
            for name in wanted:
                add(name)
            message_factory.GetMessageClassesForFiles(wanted, pool)
            for kind in ("FieldOptions", "MethodOptions", "MessageOptions"):
                self._classes[kind] = message_factory.GetMessageClass(
                    pool.FindMessageTypeByName(f"google.protobuf.{kind}"))
            for name in ("validate.rules", "buf.validate.field", "google.api.field_behavior", "google.api.http",
                         "google.api.resource"):
                try:
                    self._extensions[name] = pool.FindExtensionByName(name)
                except KeyError:
                    pass
        except Exception:  # a user file clashing with these names: read no options rather than fail
            self._classes, self._extensions = {}, {}

    def _value(self, options: Any, kind: str, extension: str) -> Any:
        ext = self._extensions.get(extension)
        cls = self._classes.get(kind)
        if ext is None or cls is None or not options.ByteSize():
            return None
        cached = self._parsed.get(id(options))
        if cached is None or cached[0] is not options:
            cached = self._parsed[id(options)] = (options, cls.FromString(options.SerializeToString()))
        parsed = cached[1]
        if ext.is_repeated:
            return list(parsed.Extensions[ext]) or None
        return parsed.Extensions[ext] if parsed.HasExtension(ext) else None

    def field_behavior(self, field: Any) -> list[str]:
        """``["REQUIRED", "OUTPUT_ONLY", ...]`` from ``(google.api.field_behavior)``."""
        if not field.HasField("options"):
            return []
        values = self._value(field.options, "FieldOptions", "google.api.field_behavior") or []
        enum = self._extensions["google.api.field_behavior"].enum_type if values else None
        return [enum.values_by_number[v].name if v in enum.values_by_number else str(v) for v in values]

    def validate_rules(self, field: Any) -> Any:
        """The ``(validate.rules)`` (PGV) or else ``(buf.validate.field)`` (protovalidate) FieldRules, or None."""
        if not field.HasField("options"):
            return None
        return (self._value(field.options, "FieldOptions", "validate.rules")
                or self._value(field.options, "FieldOptions", "buf.validate.field"))

    def http_rule(self, method: Any) -> Any:
        """The ``(google.api.http)`` HttpRule, or None."""
        if not method.HasField("options"):
            return None
        return self._value(method.options, "MethodOptions", "google.api.http")

    def resource(self, message: Any) -> Any:
        """The ``(google.api.resource)`` ResourceDescriptor, or None."""
        if not message.HasField("options"):
            return None
        return self._value(message.options, "MessageOptions", "google.api.resource")
