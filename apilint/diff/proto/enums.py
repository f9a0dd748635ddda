"""Changes inside an enum kept under its name: values deleted or renamed, reserved, open/closed, JSON."""

from __future__ import annotations

from typing import Any

from apilint.diff.proto.base import ComparerBase
from apilint.diff.proto.features import enum_closed, json_format
from apilint.diff.proto.tree import Element


class EnumChecks(ComparerBase):
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
                              self.span_path(file, (*path, 2, index), (1,)), sorted(old_names), value.name, package)
                    break
        self.reserved("RESERVED_ENUM_NO_DELETE", old, new)
        if enum_closed(self.old, old) != enum_closed(self.new, new):
            self.emit("ENUM_SAME_TYPE", f"`{new.name}`: enum changed between open and closed", new.name, file, path,
                      package=package)
        if json_format(self.old, old) != json_format(self.new, new) and json_format(self.new, new) != "ALLOW":
            self.emit("ENUM_SAME_JSON_FORMAT", f"`{new.name}`: JSON format support changed", new.name, file,
                      self.span_path(file, path, (3, 7, 6), (3,)), package=package)
