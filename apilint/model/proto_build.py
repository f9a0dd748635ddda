"""A .proto file or a folder of them, compiled by ``load/`` and built into the normalised model here."""

from __future__ import annotations

import os
from functools import cached_property

from apilint.errors import shown_path
from apilint.load.protoc import Compiled, bundled_includes, compile_protos
from apilint.load.text import unsaved_text
from apilint.model.core import Api
from apilint.model.proto import ProtoFile, ProtoWorkspace, build_proto


class ProtoSource:
    """One compiled file as the runner sees it: for the result cache (its content is hashed), for
    ``// apilint-ignore`` comments, and ``linted`` False for imports (their findings are dropped)."""

    kind = "proto"
    data = None  # no x-apilint-ignore extensions in protos

    def __init__(self, path: str, display: str, linted: bool, workspace: ProtoWorkspace) -> None:
        self.path, self.display, self.linted, self._ws = path, display, linted, workspace

    @cached_property
    def text(self) -> str:
        unsaved = unsaved_text(self.path)  # what protoc compiled (``apilint lsp``)
        if unsaved is not None:
            return unsaved
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def positions(self, pointers: list[str]) -> dict[str, tuple[int, int]]:
        """pointer (/fully.qualified.Name) -> (line, column); unknown names map to the file's start."""
        result = {}
        for pointer in pointers:
            decl = self._ws.by_fqn.get(pointer[1:])
            loc = decl.loc if decl is not None and decl.file.display == self.display else None
            result[pointer] = (loc.line or 1, loc.column or 1) if loc else (1, 1)
        return result


def load_proto(target: str, proto_paths: tuple[str, ...] = (), *, allow_outside: bool = False) -> Api:
    """Compile ``target`` (a .proto file or a folder) and build its model. Raises InputError."""
    workspace = index_compiled(compile_protos(target, proto_paths, allow_outside=allow_outside))
    return build_proto(workspace, shown_path(target))


def index_compiled(compiled: Compiled) -> ProtoWorkspace:
    """The declaration index of compiled protos, each file found on the import path for its positions."""
    includes = [compiled.root, *compiled.roots, *bundled_includes()]
    own = set(compiled.files)
    files = []
    for proto in compiled.descriptors.file:
        path = next((os.path.join(root, proto.name) for root in includes
                     if os.path.isfile(os.path.join(root, proto.name))), None)
        display = shown_path(path) if path else proto.name
        files.append(ProtoFile(proto.name, display, path, proto, proto.name in own))
    workspace = ProtoWorkspace(compiled.descriptors, files)
    workspace.sources = {f.path: ProtoSource(f.path, f.display, f.target, workspace) for f in files if f.path}
    return workspace
