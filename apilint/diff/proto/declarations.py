"""File-level and package-level changes: files, packages, top-level elements and extensions deleted,
file options, and an extension's type and cardinality."""

from __future__ import annotations

from typing import Any

from apilint.diff.kinds import PROTO_FILE_OPTIONS
from apilint.diff.proto.base import ComparerBase, unstable
from apilint.diff.proto.features import syntax
from apilint.diff.proto.fields import cardinality, field_type, wire_compatible, wire_json_compatible
from apilint.diff.proto.tree import Element

# FileDescriptorProto field numbers used in SourceCodeInfo paths
_F_PACKAGE, _F_OPTIONS, _F_SYNTAX = 2, 8, 12


class DeclarationChecks(ComparerBase):
    def files(self) -> None:
        for name, old in self.old.files.items():
            new = self.new.files.get(name)
            if new is None:
                if not self.ignored_file(name) and not (self.ignore_unstable and unstable(old.package)):
                    self.emit("FILE_NO_DELETE", f"file {name} deleted", name, None, package=old.package)
                continue
            if old.package != new.package:
                self.emit("FILE_SAME_PACKAGE", f"{name}: package changed from `{old.package}` to `{new.package}`",
                          name, name, self.span_path(name, (), (_F_PACKAGE,)), old.package, new.package)
            if syntax(old) != syntax(new):
                self.emit("FILE_SAME_SYNTAX", f"{name}: syntax changed from {syntax(old)} to {syntax(new)}",
                          name, name, self.span_path(name, (), (_F_SYNTAX,)), syntax(old), syntax(new))
            for option in PROTO_FILE_OPTIONS:
                a, b = _file_option(old, option), _file_option(new, option)
                if a != b:
                    number = new.options.DESCRIPTOR.fields_by_name[option].number
                    self.emit(f"FILE_SAME_{option.upper()}", f"{name}: option {option} changed from {a!r} to {b!r}",
                              name, name, self.span_path(name, (), (_F_OPTIONS, number)), a, b, new.package)

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
                where, path = self.enclosing(element)
                self.emit(f"{kind}_NO_DELETE", f"{noun} `{name}` deleted from {file}", name, where, path,
                          package=package)
            # PACKAGE: gone from the whole package (the package still exists)
            if new_element is None and package in new_by_package:
                target = self.package_anchor(element)
                if target is not None:
                    where, path = target
                    self.emit(f"PACKAGE_{kind}_NO_DELETE", f"{noun} `{name}` deleted from package `{package}`",
                              name, where, path, package=package)

    def extensions(self) -> None:
        new_packages = {fd.package for fd in self.new.files.values()}
        for key, old in self.old.extensions.items():
            new = self.new.extensions.get(key)
            if new is not None:
                self.extension(old, new)
            if (new is None or new.file.name != old.file.name) and old.file.name in self.new.files:
                where, path = self.enclosing(old)
                self.emit("EXTENSION_NO_DELETE", f"extension `{old.name}` deleted from {old.file.name}",
                          old.name, where, path, package=old.file.package)
            if new is None and old.file.package in new_packages:
                anchor = self.package_anchor(old)
                if anchor is not None:
                    self.emit("PACKAGE_EXTENSION_NO_DELETE", f"extension `{old.name}` deleted from package "
                              f"`{old.file.package}`", old.name, anchor[0], anchor[1], package=old.file.package)

    def extension(self, old: Element, new: Element) -> None:
        """An extension field kept under the same extendee and number: its type and cardinality."""
        file, package, element = new.file.name, new.file.package, new.name
        if old.proto.name != new.proto.name:
            self.emit("FIELD_SAME_NAME", f"extension `{element}` renamed from `{old.proto.name}`", element, file,
                      self.span_path(file, new.path, (1,)), old.proto.name, new.proto.name, package)
        ot, nt = field_type(old.proto), field_type(new.proto)
        if ot != nt:
            where = self.span_path(file, new.path, (6,), (5,))
            what = f"extension `{element}`: type changed from {ot} to {nt}"
            self.emit("FIELD_SAME_TYPE", what, element, file, where, ot, nt, package)
            if not wire_compatible(old.proto, new.proto):
                self.emit("FIELD_WIRE_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
            if not wire_json_compatible(old.proto, new.proto):
                self.emit("FIELD_WIRE_JSON_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
        oc, nc = cardinality(old.file, old.proto), cardinality(new.file, new.proto)
        if oc != nc:
            self.emit("FIELD_SAME_CARDINALITY", f"extension `{element}`: cardinality changed from {oc} to {nc}",
                      element, file, self.span_path(file, new.path, (4,)), oc, nc, package)


_OPTION_DEFAULTS = {"optimize_for": 1, "cc_enable_arenas": True}


def _file_option(fd, option: str) -> Any:
    if fd.options.HasField(option):
        return getattr(fd.options, option)
    return _OPTION_DEFAULTS.get(option, getattr(fd.options, option))
