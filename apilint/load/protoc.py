"""Compiling .proto files with grpcio-tools' bundled protoc into a FileDescriptorSet with source info.

The import path always includes, after the user's roots: protobuf's well-known types (shipped with
grpcio-tools), ``google/api`` and ``google/rpc`` (googleapis-common-protos) and
``validate/validate.proto`` (protoc-gen-validate), so users need not vendor them. protovalidate's
``buf/validate/validate.proto`` comes compiled (``protos/buf_validate.binpb``, from its PyPI wheel by
``tools/vendor_protovalidate.py``; Apache-2.0, ``protos/LICENSE-protovalidate``): protoc reads it with
``--descriptor_set_in`` after the import path, so a tree vendoring its own copy uses that one.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from functools import cache

from apilint.dirs import cache_dir
from apilint.errors import InputError, shown_path
from apilint.load.gate import is_regular_file, read_bytes
from apilint.load.proto_roots import buf_roots
from apilint.load.text import unsaved_paths, unsaved_text

_BUNDLED_SET = os.path.join(os.path.dirname(__file__), "protos", "buf_validate.binpb")
_IMPORT = re.compile(rb'^[ \t]*import[ \t]+(?:public[ \t]+|weak[ \t]+)?"([^"\n]+)"', re.M)
_ERROR = re.compile(r"^(?P<file>[^:\n]+?):(?P<line>\d+):(?P<column>\d+):\s*(?P<message>.*)$")


@dataclass
class Compiled:
    descriptors: object  # google.protobuf.descriptor_pb2.FileDescriptorSet
    root: str  # the target's folder (its files outside every import root are relative to it)
    files: list[str]  # the target's own files as imported (relative to their root; imports excluded)
    roots: tuple[str, ...] = ()  # the import roots besides ``root``: -I folders, then buf's


def import_roots(target: str, proto_paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """-I folders, then the roots the nearest buf.yaml / buf.work.yaml declares (absolute, no repeats)."""
    return tuple(dict.fromkeys([*(os.path.abspath(p) for p in proto_paths), *buf_roots(target)]))


def proto_files(target: str, proto_paths: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """(the target's folder, its .proto files as imported). A file inside an import root is named relative
    to the innermost such root (``-I protos`` on a folder holding ``protos/``), else relative to the target."""
    target = os.path.abspath(target)
    roots = import_roots(target, proto_paths)
    if os.path.isdir(target):
        paths = []
        for directory, subdirs, names in os.walk(target):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            paths += [os.path.join(directory, n) for n in sorted(names)
                      if n.endswith(".proto") and is_regular_file(os.path.join(directory, n))]
        if not paths:
            raise InputError("no .proto files in folder", shown_path(target))
        return target, [_imported_as(path, roots, target) for path in paths]
    if not os.path.isfile(target):
        if os.path.exists(target):  # a FIFO or device: the gate says which
            read_bytes(target, shown_path(target))
        raise InputError("no such file", shown_path(target))
    return os.path.dirname(target), [_imported_as(target, roots, os.path.dirname(target))]


def _imported_as(path: str, roots: tuple[str, ...], default: str) -> str:
    inside = [r for r in roots if os.path.commonpath([r, path]) == r]
    return os.path.relpath(path, max(inside, key=len) if inside else default)


def compile_protos(target: str, proto_paths: tuple[str, ...] = (), *, allow_outside: bool = False) -> Compiled:
    """Compile a .proto file or a folder of them. Raises InputError (file:line:column) on errors.
    ``allow_outside`` lets imports follow symlinks out of their import root (--allow-outside-refs)."""
    from google.protobuf import descriptor_pb2
    from grpc_tools import protoc

    root, files = proto_files(target, proto_paths)
    roots = import_roots(target, proto_paths)
    own_roots = list(dict.fromkeys([root, *roots]))
    includes = list(dict.fromkeys([*own_roots, *bundled_includes()]))
    gate_imports(files, own_roots, bundled_includes(), named=None if os.path.isdir(target) else files[0],
                 allow_outside=allow_outside)
    with tempfile.TemporaryDirectory(prefix="apilint-protoc-") as tmp:
        out = os.path.join(tmp, "set.pb")
        overlay = _overlay(tmp, own_roots)
        args = ["protoc", *(f"-I{p}" for p in [*overlay, *includes]), f"--descriptor_set_out={out}",
                f"--descriptor_set_in={_BUNDLED_SET}", "--include_source_info", "--include_imports", *files]
        # with an overlay, the files are named by import name only (an empty folder as the working one): a
        # name protoc finds on disk is mapped back through the import path and refused as shadowed
        cwd = os.path.join(tmp, "cwd") if overlay else root
        os.makedirs(cwd, exist_ok=True)
        code, stderr = _run_captured(protoc.main, args, os.path.join(tmp, "stderr"), cwd=cwd)
        if code != 0 or not os.path.exists(out):
            raise _compile_error(stderr, includes, overlay)
        with open(out, "rb") as handle:
            descriptors = descriptor_pb2.FileDescriptorSet.FromString(handle.read())
    return Compiled(descriptors, root, files, roots)


def _overlay(tmp: str, roots: list[str]) -> list[str]:
    """An editor's unsaved protos (``apilint lsp``) as a folder to put first on the import path: each is
    written there under every name an import root gives it, so it shadows its saved copy. The folder is
    the private temporary one protoc's output goes to, removed with it. Empty when nothing is unsaved."""
    overlay = os.path.join(tmp, "unsaved")
    written = False
    for path in unsaved_paths():
        text = unsaved_text(path)
        if not path.endswith(".proto") or text is None:
            continue
        for root in roots:
            if os.path.commonpath([root, path]) == root:
                copy = os.path.join(overlay, os.path.relpath(path, root))
                os.makedirs(os.path.dirname(copy), exist_ok=True)
                with open(copy, "w", encoding="utf-8") as handle:
                    handle.write(text)
                written = True
    return [overlay] if written else []


def gate_imports(files: list[str], roots: list[str], trusted: list[str], named: str | None = None, *,
                 allow_outside: bool = False) -> None:
    """Pass every file protoc would read through the file-reading gate first: protoc itself would
    block on a FIFO, read a device forever, and follow a symlink out of its import root and quote
    what it found there. ``files`` are relative to the first root; imports are looked up in ``roots``
    then ``trusted`` (the bundled well-known protos, not checked), as protoc looks them up. The file
    ``named`` on the command line may be a symlink to anywhere: the user chose it."""
    seen: set[str] = set()
    queue = list(files)
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        found = next((r for r in [*roots, *trusted] if os.path.exists(os.path.join(r, name))), None)
        if found is None or found in trusted:
            continue  # protoc reports a missing import with its position
        path = os.path.join(found, name)
        raw = read_bytes(path, shown_path(path), root=None if allow_outside or name == named else found)
        unsaved = unsaved_text(path)  # the editor's imports are the ones protoc will read
        if unsaved is not None:
            raw = unsaved.encode("utf-8", "replace")
        queue += [m.decode("utf-8", "replace") for m in _IMPORT.findall(raw)]


def _run_captured(function, args: list[str], stderr_path: str, cwd: str) -> tuple[int, str]:
    """Run protoc in-process with file descriptor 2 captured (protoc writes errors from C++)."""
    sys.stderr.flush()
    saved = os.dup(2)
    previous = os.getcwd()
    try:
        with open(stderr_path, "w+b") as capture:
            os.dup2(capture.fileno(), 2)
            try:
                os.chdir(cwd)
                code = function(args)
            finally:
                os.chdir(previous)
                os.dup2(saved, 2)
            capture.seek(0)
            return code, capture.read().decode("utf-8", "replace")
    finally:
        os.close(saved)


def _compile_error(stderr: str, includes: list[str], overlay: list[str]) -> InputError:
    def shown(name: str) -> str:  # protoc names files as imported: the first include holding it
        for folder in overlay:  # an unsaved file is named by its copy: the saved one is the user's
            if os.path.commonpath([folder, os.path.abspath(name)]) == folder:
                name = os.path.relpath(name, folder)
        found = next((p for p in (os.path.join(r, name) for r in includes) if os.path.exists(p)), None)
        return shown_path(found or os.path.join(includes[0], name))

    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("warning")]
    for line in lines:
        match = _ERROR.match(line)
        if match:
            return InputError(f"proto does not compile: {match['message']}", shown(match["file"]),
                              int(match["line"]), int(match["column"]))
    first = lines[0] if lines else "protoc failed without a message"
    file, _, message = first.partition(": ")
    if message:
        return InputError(f"proto does not compile: {message}", shown(file))
    return InputError(f"proto does not compile: {first}", shown_path(includes[0]))


@cache
def bundled_includes() -> list[str]:
    import grpc_tools

    includes = [os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")]
    try:
        import google.api.annotations_pb2 as annotations

        # site-packages root holding google/api/*.proto and google/rpc/*.proto
        includes.append(os.path.dirname(os.path.dirname(os.path.dirname(annotations.__file__))))
    except ImportError:
        pass
    validate = _validate_include()
    if validate:
        includes.append(validate)
    return includes


def _validate_include() -> str | None:
    """protoc-gen-validate installs validate.proto outside any import root (``<prefix>/data/``):
    stage it once as ``validate/validate.proto`` under apilint's cache folder."""
    from importlib import metadata

    try:
        source = next((str(f.locate()) for f in metadata.files("protoc-gen-validate") or []
                       if f.name == "validate.proto"), None)
    except metadata.PackageNotFoundError:
        return None
    if not source or not os.path.exists(source):
        return None
    root = os.path.join(cache_dir(), "protos")
    staged = os.path.join(root, "validate", "validate.proto")
    try:
        if not os.path.exists(staged) or os.path.getsize(staged) != os.path.getsize(source):
            os.makedirs(os.path.dirname(staged), exist_ok=True)
            shutil.copyfile(source, staged)
    except OSError:
        return None
    return root
