"""The proto comparer: two compiled FileDescriptorSets, compared element by element.

Change ids are buf's breaking rule ids where the idea is the same (docs/diff.md), so a team moving
from ``buf breaking`` keeps its vocabulary; ``FIELD_NUMBER_RESERVED_REUSED`` is apilint's own.
Locations follow buf: the element in the *new* tree, or for a deletion the enclosing element that
still exists (a deleted top-level element points at its file only, a deleted file at nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from apilint.diff.change import Change, Location
from apilint.diff.kinds import KINDS

# DescriptorProto field numbers used in SourceCodeInfo paths
_F_MESSAGE, _F_ENUM, _F_SERVICE, _F_EXTENSION, _F_OPTIONS, _F_PACKAGE, _F_SYNTAX = 4, 5, 6, 7, 8, 2, 12
_M_FIELD, _M_NESTED, _M_ENUM, _M_EXT_RANGE, _M_EXTENSION, _M_OPTIONS, _M_ONEOF = 2, 3, 4, 5, 6, 7, 8
_M_RESERVED_RANGE, _M_RESERVED_NAME = 9, 10

DEFAULT_RULES = frozenset(k.id for k in KINDS.values() if k.format == "proto") - {
    # the WIRE / WIRE_JSON / PACKAGE variants duplicate stricter FILE rules: off unless asked for
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
    "FIELD_WIRE_COMPATIBLE_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE", "FIELD_WIRE_COMPATIBLE_CARDINALITY",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "PACKAGE_MESSAGE_NO_DELETE", "PACKAGE_ENUM_NO_DELETE",
    "PACKAGE_SERVICE_NO_DELETE", "PACKAGE_EXTENSION_NO_DELETE", "PACKAGE_NO_DELETE"}

_UNSTABLE = ("alpha", "beta", "test")


@dataclass
class Element:
    name: str  # fully qualified, no leading dot
    file: Any  # FileDescriptorProto
    proto: Any
    path: tuple[int, ...]
    parent: str | None = None  # enclosing message (None for top level)


@dataclass
class Tree:
    files: dict[str, Any] = field(default_factory=dict)
    messages: dict[str, Element] = field(default_factory=dict)
    enums: dict[str, Element] = field(default_factory=dict)
    services: dict[str, Element] = field(default_factory=dict)
    extensions: dict[str, Element] = field(default_factory=dict)
    spans: dict[str, dict[tuple[int, ...], list[int]]] = field(default_factory=dict)
    root: str = ""

    def package_of(self, element: Element) -> str:
        return element.file.package


def load_tree(target: str, proto_paths: tuple[str, ...] = ()) -> Tree:
    from apilint.load.protoc import compile_protos

    compiled = compile_protos(target, proto_paths)
    tree = Tree(root=compiled.root)
    own = set(compiled.files)
    for fd in compiled.descriptors.file:
        if fd.name not in own:
            continue
        tree.files[fd.name] = fd
        tree.spans[fd.name] = {tuple(loc.path): list(loc.span) for loc in fd.source_code_info.location}
        prefix = fd.package + "." if fd.package else ""
        for i, message in enumerate(fd.message_type):
            _index_message(tree, fd, message, prefix, (_F_MESSAGE, i), None)
        for i, enum in enumerate(fd.enum_type):
            tree.enums[prefix + enum.name] = Element(prefix + enum.name, fd, enum, (_F_ENUM, i))
        for i, service in enumerate(fd.service):
            tree.services[prefix + service.name] = Element(prefix + service.name, fd, service, (_F_SERVICE, i))
        for i, ext in enumerate(fd.extension):
            key = f"{ext.extendee.lstrip('.')}:{ext.number}"
            tree.extensions[key] = Element(prefix + ext.name, fd, ext, (_F_EXTENSION, i))
    return tree


def _index_message(tree: Tree, fd, message, prefix: str, path: tuple[int, ...], parent: str | None) -> None:
    name = prefix + message.name
    tree.messages[name] = Element(name, fd, message, path, parent)
    for i, nested in enumerate(message.nested_type):
        if nested.options.map_entry:
            # a map's entry message has no source of its own: locate it at the map field using it
            entry = name + "." + nested.name
            user = next((j for j, f in enumerate(message.field) if f.type_name.lstrip(".") == entry), None)
            where = (*path, _M_FIELD, user) if user is not None else path
            tree.messages[entry] = Element(entry, fd, nested, where, name)
            continue
        _index_message(tree, fd, nested, name + ".", (*path, _M_NESTED, i), name)
    for i, enum in enumerate(message.enum_type):
        tree.enums[f"{name}.{enum.name}"] = Element(f"{name}.{enum.name}", fd, enum, (*path, _M_ENUM, i), name)
    for i, ext in enumerate(message.extension):
        key = f"{ext.extendee.lstrip('.')}:{ext.number}"
        tree.extensions[key] = Element(f"{name}.{ext.name}", fd, ext, (*path, _M_EXTENSION, i), name)


def compare_protos(old: str, new: str, proto_paths: tuple[str, ...] = (), rules: Iterable[str] | None = None,
                   ignore: dict | None = None) -> list[Change]:
    old_tree, new_tree = load_tree(old, proto_paths), load_tree(new, proto_paths)
    comparer = ProtoComparer(old_tree, new_tree, frozenset(rules) if rules is not None else DEFAULT_RULES,
                             ignore or {})
    return comparer.run()


class ProtoComparer:
    def __init__(self, old: Tree, new: Tree, rules: frozenset[str], ignore: dict) -> None:
        self.old, self.new = old, new
        self.rules = rules
        self.ignore_paths = [p.rstrip("/") for p in ignore.get("ignore", [])]
        self.ignore_unstable = bool(ignore.get("ignore_unstable_packages"))
        self.changes: list[Change] = []

    # -- output --------------------------------------------------------------------------------
    def emit(self, rule: str, message: str, element: str | None, file: str | None = None,
             path: tuple[int, ...] | None = None, old: Any = None, new: Any = None,
             package: str | None = None) -> None:
        if rule not in self.rules:
            return
        if file is not None and self._ignored_file(file):
            return
        if package is not None and self.ignore_unstable and _unstable(package):
            return
        location = None
        if file is not None:
            location = Location(file, side="new")
            if path is not None:
                spans = self.new.spans.get(file, {})
                path = tuple(path)
                while path and path not in spans:  # synthesized elements (map entries): the nearest real one
                    path = path[:-2]
                span = spans.get(path) if path else None
                if span:
                    location.line, location.column = span[0] + 1, span[1] + 1
            location.pointer = "/" + element if element else ""
        self.changes.append(Change(rule, KINDS[rule].level, message, None, element, old, new, location))

    def _ignored_file(self, file: str) -> bool:
        return any(file == p or file.startswith(p + "/") for p in self.ignore_paths)

    def _span_path(self, file: str, path: tuple[int, ...], *suffixes: tuple[int, ...]) -> tuple[int, ...]:
        spans = self.new.spans.get(file, {})
        for suffix in suffixes:
            if (*path, *suffix) in spans:
                return (*path, *suffix)
        return path

    # -- run -----------------------------------------------------------------------------------
    def run(self) -> list[Change]:
        self.files()
        self.packages()
        self.top_level("MESSAGE", self.old.messages, self.new.messages, "message")
        self.top_level("ENUM", self.old.enums, self.new.enums, "enum")
        self.top_level("SERVICE", self.old.services, self.new.services, "service")
        self.extensions()
        for name, old in self.old.messages.items():
            new = self.new.messages.get(name)
            if new is not None:
                self.message(old, new)
        for name, old in self.old.enums.items():
            new = self.new.enums.get(name)
            if new is not None:
                self.enum(old, new)
        for name, old in self.old.services.items():
            new = self.new.services.get(name)
            if new is not None:
                self.service(old, new)
        return self.changes

    def files(self) -> None:
        for name, old in self.old.files.items():
            new = self.new.files.get(name)
            if new is None:
                if not self._ignored_file(name) and not (self.ignore_unstable and _unstable(old.package)):
                    self.emit("FILE_NO_DELETE", f"file {name} deleted", name, None, package=old.package)
                continue
            if old.package != new.package:
                self.emit("FILE_SAME_PACKAGE", f"{name}: package changed from `{old.package}` to `{new.package}`",
                          name, name, self._span_path(name, (), (_F_PACKAGE,)), old.package, new.package)
            if _syntax(old) != _syntax(new):
                self.emit("FILE_SAME_SYNTAX", f"{name}: syntax changed from {_syntax(old)} to {_syntax(new)}",
                          name, name, self._span_path(name, (), (_F_SYNTAX,)), _syntax(old), _syntax(new))
            for option in ("cc_enable_arenas", "cc_generic_services", "csharp_namespace", "go_package",
                           "java_generic_services", "java_multiple_files", "java_outer_classname", "java_package",
                           "objc_class_prefix", "optimize_for", "php_class_prefix", "php_metadata_namespace",
                           "php_namespace", "py_generic_services", "ruby_package", "swift_prefix"):
                a, b = _file_option(old, option), _file_option(new, option)
                if a != b:
                    number = new.options.DESCRIPTOR.fields_by_name[option].number
                    self.emit(f"FILE_SAME_{option.upper()}", f"{name}: option {option} changed from {a!r} to {b!r}",
                              name, name, self._span_path(name, (), (_F_OPTIONS, number)), a, b, new.package)

    def packages(self) -> None:
        new_packages = {fd.package for fd in self.new.files.values()}
        for package in sorted({fd.package for fd in self.old.files.values()}):
            if package not in new_packages:
                self.emit("PACKAGE_NO_DELETE", f"package `{package}` deleted", package, package=package)

    def top_level(self, kind: str, old: dict[str, Element], new: dict[str, Element], noun: str) -> None:
        new_by_package = {fd.package for fd in self.new.files.values()}
        for name, element in old.items():
            package = element.file.package
            new_element = new.get(name)
            # FILE: gone from its file (the file still exists)
            same_file = new_element is not None and new_element.file.name == element.file.name
            file = element.file.name
            if not same_file and file in self.new.files:
                where, path = self._enclosing(element)
                self.emit(f"{kind}_NO_DELETE", f"{noun} `{name}` deleted from {file}", name, where, path,
                          package=package)
            # PACKAGE: gone from the whole package (the package still exists)
            if new_element is None and package in new_by_package:
                target = self._package_anchor(element)
                if target is not None:
                    where, path = target
                    self.emit(f"PACKAGE_{kind}_NO_DELETE", f"{noun} `{name}` deleted from package `{package}`",
                              name, where, path, package=package)

    def _enclosing(self, element: Element) -> tuple[str, tuple[int, ...] | None]:
        """Where buf reports a deleted element: the parent message in the new tree, else the file."""
        parent = self.new.messages.get(element.parent) if element.parent else None
        if parent is not None:
            return parent.file.name, parent.path
        return element.file.name, None

    def _package_anchor(self, element: Element) -> tuple[str, tuple[int, ...] | None] | None:
        if element.parent:
            parent = self.new.messages.get(element.parent)
            if parent is None:
                return None
            return parent.file.name, parent.path
        if element.file.name in self.new.files:
            return element.file.name, None
        for name, fd in self.new.files.items():
            if fd.package == element.file.package:
                return name, None
        return None

    def extensions(self) -> None:
        new_packages = {fd.package for fd in self.new.files.values()}
        for key, old in self.old.extensions.items():
            new = self.new.extensions.get(key)
            if new is not None:
                self.extension(old, new)
            if (new is None or new.file.name != old.file.name) and old.file.name in self.new.files:
                where, path = self._enclosing(old)
                self.emit("EXTENSION_NO_DELETE", f"extension `{old.name}` deleted from {old.file.name}",
                          old.name, where, path, package=old.file.package)
            if new is None and old.file.package in new_packages:
                anchor = self._package_anchor(old)
                if anchor is not None:
                    self.emit("PACKAGE_EXTENSION_NO_DELETE", f"extension `{old.name}` deleted from package "
                              f"`{old.file.package}`", old.name, anchor[0], anchor[1], package=old.file.package)

    def extension(self, old: Element, new: Element) -> None:
        """An extension field kept under the same extendee and number: its type and cardinality."""
        file, package, element = new.file.name, new.file.package, new.name
        if old.proto.name != new.proto.name:
            self.emit("FIELD_SAME_NAME", f"extension `{element}` renamed from `{old.proto.name}`", element, file,
                      self._span_path(file, new.path, (1,)), old.proto.name, new.proto.name, package)
        ot, nt = _field_type(old.proto), _field_type(new.proto)
        if ot != nt:
            where = self._span_path(file, new.path, (6,), (5,))
            what = f"extension `{element}`: type changed from {ot} to {nt}"
            self.emit("FIELD_SAME_TYPE", what, element, file, where, ot, nt, package)
            if not _wire_compatible(old.proto, new.proto):
                self.emit("FIELD_WIRE_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
            if not _wire_json_compatible(old.proto, new.proto):
                self.emit("FIELD_WIRE_JSON_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
        oc, nc = _cardinality(old.file, old.proto), _cardinality(new.file, new.proto)
        if oc != nc:
            self.emit("FIELD_SAME_CARDINALITY", f"extension `{element}`: cardinality changed from {oc} to {nc}",
                      element, file, self._span_path(file, new.path, (4,)), oc, nc, package)

    # -- messages ------------------------------------------------------------------------------
    def message(self, old: Element, new: Element) -> None:
        om, nm = old.proto, new.proto
        file, path, package = new.file.name, new.path, new.file.package
        old_fields = {f.number: f for f in om.field}
        new_fields = {f.number: (i, f) for i, f in enumerate(nm.field)}
        reserved_numbers = [(r.start, r.end) for r in nm.reserved_range]
        reserved_names = set(nm.reserved_name)
        new_by_name = {f.name: (i, f) for i, f in enumerate(nm.field)}
        for number, field_ in old_fields.items():
            if number in new_fields:
                continue
            renumbered = new_by_name.get(field_.name)
            if renumbered is not None and renumbered[1].number not in old_fields:
                self.emit("FIELD_NUMBER_CHANGED", f"`{new.name}.{field_.name}`: field number changed from {number} "
                          f"to {renumbered[1].number}", f"{new.name}.{field_.name}", file,
                          self._span_path(file, (*path, _M_FIELD, renumbered[0]), (3,)), number,
                          renumbered[1].number, package)
            what = f"field {number} `{field_.name}` deleted from `{new.name}`"
            self.emit("FIELD_NO_DELETE", what, f"{new.name}.{field_.name}", file, path, package=package)
            if not any(a <= number < b for a, b in reserved_numbers):
                self.emit("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", what + " without reserving its number",
                          f"{new.name}.{field_.name}", file, path, package=package)
            if field_.name not in reserved_names:
                self.emit("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", what + " without reserving its name",
                          f"{new.name}.{field_.name}", file, path, package=package)
        for number, (index, field_) in new_fields.items():
            fpath = (*path, _M_FIELD, index)
            old_field = old_fields.get(number)
            element = f"{new.name}.{field_.name}"
            if old_field is None:
                reused = [(a, b) for a, b in ((r.start, r.end) for r in om.reserved_range) if a <= number < b]
                if reused or field_.name in set(om.reserved_name):
                    self.emit("FIELD_NUMBER_RESERVED_REUSED", f"`{element}` = {number} reuses a reserved "
                              f"{'number' if reused else 'name'}", element, file, fpath, package=package)
                continue
            self.field(old, new, old_field, field_, fpath, element)
        self.oneofs(old, new)
        self.reserved("RESERVED_MESSAGE_NO_DELETE", old, new)
        old_ranges = [(r.start, r.end) for r in om.extension_range]
        new_ranges = [(r.start, r.end) for r in nm.extension_range]
        for a, b in old_ranges:
            if (a, b) not in new_ranges:
                self.emit("EXTENSION_MESSAGE_NO_DELETE", f"`{new.name}`: extension range {a} to {b - 1} deleted",
                          new.name, file, path, package=package)
        req_old = {f.number for f in om.field if _required(old.file, om, f)}
        req_new = {f.number for f in nm.field if _required(new.file, nm, f)}
        if req_old != req_new:
            self.emit("MESSAGE_SAME_REQUIRED_FIELDS", f"`{new.name}`: required fields changed", new.name, file, path,
                      sorted(req_old), sorted(req_new), package)
        if not om.options.no_standard_descriptor_accessor and nm.options.no_standard_descriptor_accessor:
            self.emit("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", f"`{new.name}`: "
                      "no_standard_descriptor_accessor turned on", new.name, file,
                      self._span_path(file, path, (_M_OPTIONS, 2)), package=package)
        if _json_format(self.old, old) != _json_format(self.new, new) and _json_format(self.new, new) != "ALLOW":
            self.emit("MESSAGE_SAME_JSON_FORMAT", f"`{new.name}`: JSON format support changed", new.name, file,
                      self._span_path(file, path, (_M_OPTIONS, 12, 6)), package=package)

    def field(self, old_msg: Element, new_msg: Element, old, new, fpath: tuple[int, ...], element: str) -> None:
        file, package = new_msg.file.name, new_msg.file.package
        if old.name != new.name:
            self.emit("FIELD_SAME_NAME", f"`{element}` renamed from `{old.name}` (field {new.number}): JSON and "
                      "generated code break", element, file, self._span_path(file, fpath, (1,)), old.name, new.name,
                      package)
        elif old.json_name != new.json_name:
            self.emit("FIELD_SAME_JSON_NAME", f"`{element}`: json_name changed from {old.json_name} to "
                      f"{new.json_name}", element, file, self._span_path(file, fpath, (10,)), old.json_name,
                      new.json_name, package)
        ot, nt = _field_type(old), _field_type(new)
        if ot != nt:
            where = self._span_path(file, fpath, (6,), (5,))
            what = f"`{element}`: type changed from {ot} to {nt}"
            self.emit("FIELD_SAME_TYPE", what, element, file, where, ot, nt, package)
            if not _wire_compatible(old, new):
                self.emit("FIELD_WIRE_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
            if not _wire_json_compatible(old, new):
                self.emit("FIELD_WIRE_JSON_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
        oc, nc = _map_or(self.old, old_msg.file, old), _map_or(self.new, new_msg.file, new)
        if oc != nc:
            where = self._span_path(file, fpath, (4,))
            what = f"`{element}`: cardinality changed from {oc} to {nc}"
            self.emit("FIELD_SAME_CARDINALITY", what, element, file, where, oc, nc, package)
            if not _cardinality_wire_compatible(oc, nc, old, new):
                self.emit("FIELD_WIRE_COMPATIBLE_CARDINALITY", what, element, file, where, oc, nc, package)
            if not _cardinality_wire_json_compatible(oc, nc, old, new):
                self.emit("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", what, element, file, where, oc, nc, package)
        oo = old_msg.proto.oneof_decl[old.oneof_index].name if old.HasField("oneof_index") and \
            not old.proto3_optional else None
        no = new_msg.proto.oneof_decl[new.oneof_index].name if new.HasField("oneof_index") and \
            not new.proto3_optional else None
        if oo != no:
            self.emit("FIELD_SAME_ONEOF", f"`{element}`: oneof changed from {oo} to {no}", element, file, fpath, oo,
                      no, package)
        if old.default_value != new.default_value:
            self.emit("FIELD_SAME_DEFAULT", f"`{element}`: default changed from {old.default_value or None} to "
                      f"{new.default_value or None}", element, file, self._span_path(file, fpath, (7,)),
                      old.default_value, new.default_value, package)
        if old.options.jstype != new.options.jstype:
            self.emit("FIELD_SAME_JSTYPE", f"`{element}`: jstype changed", element, file,
                      self._span_path(file, fpath, (8, 6), (8,)), old.options.jstype, new.options.jstype, package)
        if _cpp_string_type(self.old, old_msg, old) != _cpp_string_type(self.new, new_msg, new):
            self.emit("FIELD_SAME_CPP_STRING_TYPE", f"`{element}`: C++ string type changed", element, file,
                      self._span_path(file, fpath, (8, 1), (8,)), package=package)
        if new.type == 9 and old.type == 9:  # TYPE_STRING
            if _utf8(self.old, old_msg, old) != _utf8(self.new, new_msg, new):
                self.emit("FIELD_SAME_UTF8_VALIDATION", f"`{element}`: UTF-8 validation changed", element, file,
                          fpath, package=package)
            if _java_utf8(self.old, old_msg, old) != _java_utf8(self.new, new_msg, new):
                self.emit("FIELD_SAME_JAVA_UTF8_VALIDATION", f"`{element}`: Java UTF-8 validation changed", element,
                          file, fpath, package=package)

    def oneofs(self, old: Element, new: Element) -> None:
        real_new = {o.name for i, o in enumerate(new.proto.oneof_decl)
                    if not _synthetic_oneof(new.proto, i)}
        for i, oneof in enumerate(old.proto.oneof_decl):
            if _synthetic_oneof(old.proto, i) or oneof.name in real_new:
                continue
            self.emit("ONEOF_NO_DELETE", f"oneof `{oneof.name}` deleted from `{new.name}`", f"{new.name}.{oneof.name}",
                      new.file.name, new.path, package=new.file.package)

    def reserved(self, rule: str, old: Element, new: Element) -> None:
        new_ranges = [(r.start, r.end) for r in new.proto.reserved_range]
        new_names = set(new.proto.reserved_name)
        for r in old.proto.reserved_range:
            if not any(a <= r.start and r.end <= b for a, b in new_ranges):  # still covered by a wider range
                self.emit(rule, f"`{new.name}`: reserved range {r.start} to {r.end - 1} deleted", new.name,
                          new.file.name, new.path, package=new.file.package)
        for name in old.proto.reserved_name:
            if name not in new_names:
                self.emit(rule, f"`{new.name}`: reserved name `{name}` deleted", new.name, new.file.name, new.path,
                          package=new.file.package)

    # -- enums ---------------------------------------------------------------------------------
    def enum(self, old: Element, new: Element) -> None:
        file, path, package = new.file.name, new.path, new.file.package
        new_values: dict[int, list[tuple[int, Any]]] = {}
        for i, value in enumerate(new.proto.value):
            new_values.setdefault(value.number, []).append((i, value))
        old_values: dict[int, list[Any]] = {}
        for value in old.proto.value:
            old_values.setdefault(value.number, []).append(value)
        reserved = [(r.start, r.end) for r in new.proto.reserved_range]  # enum ranges are inclusive
        reserved_names = set(new.proto.reserved_name)
        for number, values in old_values.items():
            if number not in new_values:
                name = values[0].name
                what = f"enum value {number} `{name}` deleted from `{new.name}`"
                self.emit("ENUM_VALUE_NO_DELETE", what, f"{new.name}.{name}", file, path, package=package)
                if not any(a <= number <= b for a, b in reserved):
                    self.emit("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", what + " without reserving its number",
                              f"{new.name}.{name}", file, path, package=package)
                if not all(v.name in reserved_names for v in values):
                    self.emit("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", what + " without reserving its name",
                              f"{new.name}.{name}", file, path, package=package)
                continue
            old_names = {v.name for v in values}
            for index, value in new_values[number]:
                if value.name not in old_names:
                    self.emit("ENUM_VALUE_SAME_NAME", f"`{new.name}`: value {number} renamed from "
                              f"{'/'.join(sorted(old_names))} to {value.name}", f"{new.name}.{value.name}", file,
                              self._span_path(file, (*path, 2, index), (1,)), sorted(old_names), value.name, package)
                    break
        self.reserved("RESERVED_ENUM_NO_DELETE", old, new)
        if _enum_closed(self.old, old) != _enum_closed(self.new, new):
            self.emit("ENUM_SAME_TYPE", f"`{new.name}`: enum changed between open and closed", new.name, file, path,
                      package=package)
        if _json_format(self.old, old) != _json_format(self.new, new) and _json_format(self.new, new) != "ALLOW":
            self.emit("ENUM_SAME_JSON_FORMAT", f"`{new.name}`: JSON format support changed", new.name, file,
                      self._span_path(file, path, (3, 7, 6), (3,)), package=package)

    # -- services ------------------------------------------------------------------------------
    def service(self, old: Element, new: Element) -> None:
        file, package = new.file.name, new.file.package
        methods = {m.name: (i, m) for i, m in enumerate(new.proto.method)}
        for method in old.proto.method:
            if method.name not in methods:
                self.emit("RPC_NO_DELETE", f"rpc `{new.name}.{method.name}` deleted", f"{new.name}.{method.name}", file,
                          new.path, package=package)
                continue
            index, now = methods[method.name]
            mpath = (*new.path, 2, index)
            element = f"{new.name}.{method.name}"
            for attr, rule, suffix in (("input_type", "RPC_SAME_REQUEST_TYPE", 2),
                                       ("output_type", "RPC_SAME_RESPONSE_TYPE", 3)):
                a, b = getattr(method, attr).lstrip("."), getattr(now, attr).lstrip(".")
                if a != b:
                    self.emit(rule, f"rpc `{element}`: {attr.split('_')[0]} type changed from {a} to {b}", element,
                              file, self._span_path(file, mpath, (suffix,)), a, b, package)
            for attr, rule, suffix in (("client_streaming", "RPC_SAME_CLIENT_STREAMING", 5),
                                       ("server_streaming", "RPC_SAME_SERVER_STREAMING", 6)):
                a, b = getattr(method, attr), getattr(now, attr)
                if a != b:
                    self.emit(rule, f"rpc `{element}`: {attr.replace('_', ' ')} changed from {a} to {b}", element,
                              file, self._span_path(file, mpath, (suffix,), (2,) if attr == "client_streaming"
                                                    else (3,)), a, b, package)
            if method.options.idempotency_level != now.options.idempotency_level:
                self.emit("RPC_SAME_IDEMPOTENCY_LEVEL", f"rpc `{element}`: idempotency_level changed", element, file,
                          self._span_path(file, mpath, (4, 34), (4,)), method.options.idempotency_level,
                          now.options.idempotency_level, package)


# -- helpers ------------------------------------------------------------------------------------
def _unstable(package: str) -> bool:
    import re

    return any(re.search(rf"(^|\.)v\d+{word}\d*($|\.)", package) or re.search(rf"(^|\.){word}($|\.)", package)
               for word in _UNSTABLE)


def _syntax(fd) -> str:
    return "editions" if fd.syntax == "editions" else (fd.syntax or "proto2")


_OPTION_DEFAULTS = {"optimize_for": 1, "cc_enable_arenas": True}


def _file_option(fd, option: str) -> Any:
    if fd.options.HasField(option):
        return getattr(fd.options, option)
    return _OPTION_DEFAULTS.get(option, getattr(fd.options, option))


_TYPE_NAMES = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32", 8: "bool",
               9: "string", 10: "group", 11: "message", 12: "bytes", 13: "uint32", 14: "enum", 15: "sfixed32",
               16: "sfixed64", 17: "sint32", 18: "sint64"}


def _field_type(f) -> str:
    if _kind(f) == "group":  # a group, or a DELIMITED-encoded message in editions
        return "group " + f.type_name.lstrip(".")
    if f.type in (11, 14):
        return f.type_name.lstrip(".")
    return _TYPE_NAMES.get(f.type, str(f.type))


# scalar kinds that read each other's encoding; message and enum fields only stay compatible with their
# own type (a different message type is a different contract; a group is encoded differently)
_WIRE_GROUPS = [{"int32", "uint32", "int64", "uint64", "bool"}, {"sint32", "sint64"},
                {"fixed32", "sfixed32"}, {"fixed64", "sfixed64"}]
_WIRE_JSON_GROUPS = [{"int32", "uint32"}, {"int64", "uint64"}, {"fixed32", "sfixed32"}, {"fixed64", "sfixed64"}]


def _kind(f) -> str:
    if f.type == 11 and f.options.HasField("features") and f.options.features.message_encoding == 2:
        return "group"  # DELIMITED encoding (editions) is the group wire format
    return {11: "message", 10: "group", 14: "enum"}.get(f.type, _TYPE_NAMES.get(f.type, ""))


def _wire_compatible(old, new) -> bool:
    a, b = _kind(old), _kind(new)
    if a == b == "enum":  # enums are varints whatever their name
        return True
    if a in ("message", "group", "enum") or b in ("message", "group", "enum"):
        return a == b and old.type_name == new.type_name
    if (a, b) == ("string", "bytes"):  # every string is valid bytes; not every bytes value is UTF-8
        return True
    return a == b or any(a in g and b in g for g in _WIRE_GROUPS)


def _wire_json_compatible(old, new) -> bool:
    a, b = _kind(old), _kind(new)
    if a == b == "enum":
        return True
    if a in ("message", "group", "enum") or b in ("message", "group", "enum"):
        return a == b and old.type_name == new.type_name
    return a == b or any(a in g and b in g for g in _WIRE_JSON_GROUPS)


def _cardinality(fd, f) -> str:
    if f.label == 3:
        return "repeated"
    if f.label == 2:
        return "required"
    if f.proto3_optional:
        return "optional"
    if _syntax(fd) == "proto3":
        return "implicit" if f.type not in (11, 10) and not f.HasField("oneof_index") else "optional"
    if _syntax(fd) == "editions":
        presence = _feature(fd, None, f, "field_presence")
        if presence == 3:  # LEGACY_REQUIRED
            return "required"
        if presence == 2 and f.type not in (11, 10) and not f.HasField("oneof_index"):  # IMPLICIT
            return "implicit"
    return "optional"


def _map_or(tree: Tree, fd, f) -> str:
    """The cardinality, with map fields (repeated map-entry messages) told apart from plain repeated ones."""
    if f.label == 3 and f.type == 11:
        target = tree.messages.get(f.type_name.lstrip("."))
        if target is not None and target.proto.options.map_entry:
            return "map"
    return _cardinality(fd, f)


def _cardinality_wire_compatible(a: str, b: str, old, new) -> bool:
    """Optional and implicit presence encode alike; repeated does not, and a required field makes parsing
    fail when it is missing."""
    if {a, b} == {"map", "repeated"}:  # a map is a repeated entry message on the wire
        return True
    return not {a, b} & {"repeated", "map", "required"}


def _cardinality_wire_json_compatible(a: str, b: str, old, new) -> bool:
    return not {a, b} & {"repeated", "map", "required"}


def _required(fd, message, f) -> bool:
    return _cardinality(fd, f) == "required"


def _synthetic_oneof(message, index: int) -> bool:
    return any(f.HasField("oneof_index") and f.oneof_index == index and f.proto3_optional for f in message.field)


_EDITION_DEFAULTS = {
    "proto2": {"enum_type": 2, "utf8_validation": 3, "json_format": 2, "field_presence": 1},
    "proto3": {"enum_type": 1, "utf8_validation": 2, "json_format": 1, "field_presence": 2},
    "editions": {"enum_type": 1, "utf8_validation": 2, "json_format": 1, "field_presence": 1},
}


def _feature(fd, message_chain, element, feature: str) -> int:
    """A resolved edition feature: the element's own setting, else its messages', else the file's, else the
    syntax default."""
    for holder in (element, *(message_chain or ()), fd):
        options = getattr(holder, "options", None)
        if options is not None and options.HasField("features") and options.features.HasField(feature):
            return getattr(options.features, feature)
    return _EDITION_DEFAULTS[_syntax(fd)][feature]


def _chain(tree: Tree, element: Element) -> list[Any]:
    chain, parent = [], element.parent
    while parent:
        message = tree.messages.get(parent)
        if message is None:
            break
        chain.append(message.proto)
        parent = message.parent
    return chain


def _enum_closed(tree: Tree, element: Element) -> bool:
    return _feature(element.file, _chain(tree, element), element.proto, "enum_type") == 2


def _json_format(tree: Tree, element: Element) -> str:
    value = _feature(element.file, _chain(tree, element), element.proto, "json_format")
    return {1: "ALLOW", 2: "LEGACY_BEST_EFFORT"}.get(value, str(value))


def _utf8(tree: Tree, message: Element, f) -> int:
    return _feature(message.file, [message.proto, *_chain(tree, message)], f, "utf8_validation")


def _java_utf8(tree: Tree, message: Element, f) -> bool:
    fd = message.file
    if fd.options.java_string_check_utf8:
        return True
    for holder in (f, message.proto, *_chain(tree, message), fd):
        ext = _pb_java_utf8(holder)
        if ext is not None:
            return ext
    return False


def _pb_java_utf8(holder) -> bool | None:
    """(pb.java).utf8_validation from the raw features (unknown extension: read from serialized bytes)."""
    options = getattr(holder, "options", None)
    if options is None or not options.HasField("features"):
        return None
    raw = options.features.SerializeToString()
    # pb.java = extension 1001 of FeatureSet holding JavaFeatures; utf8_validation is its field 2 (1 DEFAULT,
    # 2 VERIFY). Decoding the nested message by hand avoids depending on java_features_pb2.
    inner = _extension_bytes(raw, 1001)
    if inner is None:
        return None
    value = _varint_field(inner, 2)
    return None if value is None else value == 2


def _cpp_string_type(tree: Tree, message: Element, f) -> int:
    if f.options.HasField("ctype"):
        return {0: 0, 1: 1, 2: 2}.get(f.options.ctype, 0)  # STRING, CORD, STRING_PIECE (view)
    for holder in (f, message.proto, *_chain(tree, message), message.file):
        options = getattr(holder, "options", None)
        if options is not None and options.HasField("features"):
            inner = _extension_bytes(options.features.SerializeToString(), 1000)  # pb.cpp
            if inner is not None:
                value = _varint_field(inner, 3)  # string_type: 1 VIEW, 2 CORD, 3 STRING
                if value is not None:
                    return {3: 0, 2: 1, 1: 2}.get(value, 0)
    return 0


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> Iterator[tuple[int, int, Any]]:
    pos = 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(data, pos)
        elif wire == 2:
            length, pos = _read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            return
        yield number, wire, value


def _extension_bytes(data: bytes, number: int) -> bytes | None:
    for n, wire, value in _fields(data):
        if n == number and wire == 2:
            return value
    return None


def _varint_field(data: bytes, number: int) -> int | None:
    for n, wire, value in _fields(data):
        if n == number and wire == 0:
            return value
    return None
