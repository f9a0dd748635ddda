"""The proto comparer: two compiled trees, compared element by element.

Change ids are buf's breaking rule ids where the idea is the same (docs/diff.md), so a team moving
from ``buf breaking`` keeps its vocabulary; ``FIELD_NUMBER_RESERVED_REUSED`` is apilint's own.
Locations follow buf: the element in the *new* tree, or for a deletion the enclosing element that
still exists (a deleted top-level element points at its file only, a deleted file at nothing).
"""

from __future__ import annotations

from collections.abc import Iterable

from apilint.diff.change import Change
from apilint.diff.kinds import KINDS
from apilint.diff.proto.declarations import DeclarationChecks
from apilint.diff.proto.enums import EnumChecks
from apilint.diff.proto.messages import MessageChecks
from apilint.diff.proto.reach import mark_shared
from apilint.diff.proto.services import ServiceChecks
from apilint.diff.proto.tree import load_tree
from apilint.diff.proto.versions import tag_versions
from apilint.model.gc_pause import gc_paused

DEFAULT_RULES = frozenset(k.id for k in KINDS.values() if k.format == "proto") - {
    # the WIRE / WIRE_JSON / PACKAGE variants duplicate stricter FILE rules: off unless asked for
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
    "FIELD_WIRE_COMPATIBLE_TYPE", "FIELD_WIRE_JSON_COMPATIBLE_TYPE", "FIELD_WIRE_COMPATIBLE_CARDINALITY",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "PACKAGE_MESSAGE_NO_DELETE", "PACKAGE_ENUM_NO_DELETE",
    "PACKAGE_SERVICE_NO_DELETE", "PACKAGE_EXTENSION_NO_DELETE", "PACKAGE_NO_DELETE"}


def compare_protos(old: str, new: str, proto_paths: tuple[str, ...] = (), rules: Iterable[str] | None = None,
                   ignore: dict | None = None, old_proto_paths: tuple[str, ...] | None = None) -> list[Change]:
    """``old_proto_paths``: the old side's import roots when they differ (--base extracts it elsewhere)."""
    with gc_paused():
        old_paths = proto_paths if old_proto_paths is None else old_proto_paths
        old_tree, new_tree = load_tree(old, old_paths), load_tree(new, proto_paths)
    comparer = ProtoComparer(old_tree, new_tree, frozenset(rules) if rules is not None else DEFAULT_RULES,
                             ignore or {})
    changes = comparer.run()
    tag_versions(old_tree, new_tree, changes)
    mark_shared(changes, old_tree)
    return changes


class ProtoComparer(DeclarationChecks, MessageChecks, EnumChecks, ServiceChecks):
    """Every check, run in buf's order: declarations first, then inside each element kept."""

    def run(self) -> list[Change]:
        self.files()
        self.packages()
        self.top_level("MESSAGE", self.old.messages, self.new.messages, "message")
        self.top_level("ENUM", self.old.enums, self.new.enums, "enum")
        self.top_level("SERVICE", self.old.services, self.new.services, "service")
        self.extensions()
        for before, after, check in ((self.old.messages, self.new.messages, self.message),
                                     (self.old.enums, self.new.enums, self.enum),
                                     (self.old.services, self.new.services, self.service)):
            for name, old in before.items():
                new = after.get(name)
                if new is not None:
                    check(old, new)
        return self.changes
