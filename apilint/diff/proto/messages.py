"""Changes inside a message kept under its name: fields deleted, renumbered or changed, oneofs,
reserved ranges and names, extension ranges, required fields, message options."""

from __future__ import annotations

from apilint.diff.proto.base import ComparerBase
from apilint.diff.proto.features import cpp_string_type, java_utf8, json_format, utf8
from apilint.diff.proto.fields import (
    cardinality_wire_compatible,
    cardinality_wire_json_compatible,
    field_type,
    map_or,
    required,
    synthetic_oneof,
    wire_compatible,
    wire_json_compatible,
)
from apilint.diff.proto.tree import Element

# DescriptorProto field numbers used in SourceCodeInfo paths
_M_FIELD, _M_OPTIONS = 2, 7


class MessageChecks(ComparerBase):
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
                          self.span_path(file, (*path, _M_FIELD, renumbered[0]), (3,)), number,
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
        req_old = {f.number for f in om.field if required(old.file, om, f)}
        req_new = {f.number for f in nm.field if required(new.file, nm, f)}
        if req_old != req_new:
            self.emit("MESSAGE_SAME_REQUIRED_FIELDS", f"`{new.name}`: required fields changed", new.name, file, path,
                      sorted(req_old), sorted(req_new), package)
        if not om.options.no_standard_descriptor_accessor and nm.options.no_standard_descriptor_accessor:
            self.emit("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", f"`{new.name}`: "
                      "no_standard_descriptor_accessor turned on", new.name, file,
                      self.span_path(file, path, (_M_OPTIONS, 2)), package=package)
        if json_format(self.old, old) != json_format(self.new, new) and json_format(self.new, new) != "ALLOW":
            self.emit("MESSAGE_SAME_JSON_FORMAT", f"`{new.name}`: JSON format support changed", new.name, file,
                      self.span_path(file, path, (_M_OPTIONS, 12, 6)), package=package)

    def field(self, old_msg: Element, new_msg: Element, old, new, fpath: tuple[int, ...], element: str) -> None:
        file, package = new_msg.file.name, new_msg.file.package
        if old.name != new.name:
            self.emit("FIELD_SAME_NAME", f"`{element}` renamed from `{old.name}` (field {new.number}): JSON and "
                      "generated code break", element, file, self.span_path(file, fpath, (1,)), old.name, new.name,
                      package)
        elif old.json_name != new.json_name:
            self.emit("FIELD_SAME_JSON_NAME", f"`{element}`: json_name changed from {old.json_name} to "
                      f"{new.json_name}", element, file, self.span_path(file, fpath, (10,)), old.json_name,
                      new.json_name, package)
        ot, nt = field_type(old), field_type(new)
        if ot != nt:
            where = self.span_path(file, fpath, (6,), (5,))
            what = f"`{element}`: type changed from {ot} to {nt}"
            self.emit("FIELD_SAME_TYPE", what, element, file, where, ot, nt, package)
            if not wire_compatible(old, new):
                self.emit("FIELD_WIRE_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
            if not wire_json_compatible(old, new):
                self.emit("FIELD_WIRE_JSON_COMPATIBLE_TYPE", what, element, file, where, ot, nt, package)
        oc, nc = map_or(self.old, old_msg.file, old), map_or(self.new, new_msg.file, new)
        if oc != nc:
            where = self.span_path(file, fpath, (4,))
            what = f"`{element}`: cardinality changed from {oc} to {nc}"
            self.emit("FIELD_SAME_CARDINALITY", what, element, file, where, oc, nc, package)
            if not cardinality_wire_compatible(oc, nc, old, new):
                self.emit("FIELD_WIRE_COMPATIBLE_CARDINALITY", what, element, file, where, oc, nc, package)
            if not cardinality_wire_json_compatible(oc, nc, old, new):
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
                      f"{new.default_value or None}", element, file, self.span_path(file, fpath, (7,)),
                      old.default_value, new.default_value, package)
        if old.options.jstype != new.options.jstype:
            self.emit("FIELD_SAME_JSTYPE", f"`{element}`: jstype changed", element, file,
                      self.span_path(file, fpath, (8, 6), (8,)), old.options.jstype, new.options.jstype, package)
        if cpp_string_type(self.old, old_msg, old) != cpp_string_type(self.new, new_msg, new):
            self.emit("FIELD_SAME_CPP_STRING_TYPE", f"`{element}`: C++ string type changed", element, file,
                      self.span_path(file, fpath, (8, 1), (8,)), package=package)
        if new.type == 9 and old.type == 9:  # TYPE_STRING
            if utf8(self.old, old_msg, old) != utf8(self.new, new_msg, new):
                self.emit("FIELD_SAME_UTF8_VALIDATION", f"`{element}`: UTF-8 validation changed", element, file,
                          fpath, package=package)
            if java_utf8(self.old, old_msg, old) != java_utf8(self.new, new_msg, new):
                self.emit("FIELD_SAME_JAVA_UTF8_VALIDATION", f"`{element}`: Java UTF-8 validation changed", element,
                          file, fpath, package=package)

    def oneofs(self, old: Element, new: Element) -> None:
        real_new = {o.name for i, o in enumerate(new.proto.oneof_decl)
                    if not synthetic_oneof(new.proto, i)}
        for i, oneof in enumerate(old.proto.oneof_decl):
            if synthetic_oneof(old.proto, i) or oneof.name in real_new:
                continue
            self.emit("ONEOF_NO_DELETE", f"oneof `{oneof.name}` deleted from `{new.name}`", f"{new.name}.{oneof.name}",
                      new.file.name, new.path, package=new.file.package)
