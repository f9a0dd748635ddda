"""The elements of the target's own files the proto comparer walks, taken from the model's declaration
index (``ProtoWorkspace``): messages and enums by fully qualified name, services, extensions by
extendee and number, and the source spans of each file for locations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apilint.load.protoc import compile_protos
from apilint.model.proto import ProtoWorkspace
from apilint.model.proto_build import index_compiled

# SourceCodeInfo path tags (descriptor.proto field numbers)
_F_SERVICE, _F_EXTENSION, _M_FIELD, _M_EXTENSION = 6, 7, 2, 6


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
    spans: dict[str, dict[tuple[int, ...], Any]] = field(default_factory=dict)  # file -> path -> Location


def load_tree(target: str, proto_paths: tuple[str, ...] = ()) -> Tree:
    return tree_of(index_compiled(compile_protos(target, proto_paths)))


def tree_of(workspace: ProtoWorkspace) -> Tree:
    tree = Tree(spans=workspace.locations)
    for entry in workspace.types.values():
        if not entry.file.target:
            continue
        if entry.kind == "enum":
            tree.enums[entry.fqn] = Element(entry.fqn, entry.file.proto, entry.proto, entry.path, entry.parent)
            continue
        path = _map_entry_path(workspace, entry) if entry.proto.options.map_entry else entry.path
        tree.messages[entry.fqn] = Element(entry.fqn, entry.file.proto, entry.proto, path, entry.parent)
    for file in workspace.files:
        if not file.target:
            continue
        fd = tree.files[file.name] = file.proto
        prefix = fd.package + "." if fd.package else ""
        for i, service in enumerate(fd.service):
            tree.services[prefix + service.name] = Element(prefix + service.name, fd, service, (_F_SERVICE, i))
        for node in fd.message_type:
            _message_extensions(tree, workspace, prefix + node.name)
        for i, ext in enumerate(fd.extension):
            tree.extensions[_extension_key(ext)] = Element(prefix + ext.name, fd, ext, (_F_EXTENSION, i))
    return tree


def _map_entry_path(workspace: ProtoWorkspace, entry: Any) -> tuple[int, ...]:
    """A map's entry message has no source of its own: locate it at the map field using it."""
    parent = workspace.types["." + entry.parent]
    user = next((j for j, f in enumerate(parent.proto.field) if f.type_name.lstrip(".") == entry.fqn), None)
    return (*parent.path, _M_FIELD, user) if user is not None else parent.path


def _message_extensions(tree: Tree, workspace: ProtoWorkspace, fqn: str) -> None:
    """Extensions declared inside a message, those of its nested messages first."""
    entry = workspace.types["." + fqn]
    if entry.proto.options.map_entry:
        return
    for nested in entry.proto.nested_type:
        _message_extensions(tree, workspace, f"{fqn}.{nested.name}")
    for i, ext in enumerate(entry.proto.extension):
        tree.extensions[_extension_key(ext)] = Element(f"{fqn}.{ext.name}", entry.file.proto, ext,
                                                       (*entry.path, _M_EXTENSION, i), fqn)


def _extension_key(ext: Any) -> str:
    return f"{ext.extendee.lstrip('.')}:{ext.number}"
