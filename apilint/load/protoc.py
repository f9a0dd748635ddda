"""Compiling .proto files with grpcio-tools' bundled protoc into a FileDescriptorSet with source info.

The import path always includes, after the user's roots: protobuf's well-known types (shipped with
grpcio-tools), ``google/api`` and ``google/rpc`` (googleapis-common-protos) and
``validate/validate.proto`` (protoc-gen-validate), so users need not vendor them.
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
from apilint.errors import InputError
from apilint.load.gate import is_regular_file, read_bytes

_IMPORT = re.compile(rb'^[ \t]*import[ \t]+(?:public[ \t]+|weak[ \t]+)?"([^"\n]+)"', re.M)
_ERROR = re.compile(r"^(?P<file>[^:\n]+?):(?P<line>\d+):(?P<column>\d+):\s*(?P<message>.*)$")


@dataclass
class Compiled:
    descriptors: object  # google.protobuf.descriptor_pb2.FileDescriptorSet
    root: str  # the import root the target's files are relative to
    files: list[str]  # the target's own files, relative to root (imports excluded)


def proto_files(target: str, proto_paths: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """(import root, the target's .proto files relative to it)."""
    target = os.path.abspath(target)
    if os.path.isdir(target):
        files = []
        for directory, subdirs, names in os.walk(target):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
            files += [os.path.relpath(os.path.join(directory, n), target) for n in sorted(names)
                      if n.endswith(".proto") and is_regular_file(os.path.join(directory, n))]
        if not files:
            raise InputError("no .proto files in folder", os.path.relpath(target))
        for root in proto_paths:  # a folder inside an -I root: its files are imported relative to that root
            root = os.path.abspath(root)
            if root != target and os.path.commonpath([root, target]) == root:
                return root, [os.path.relpath(os.path.join(target, f), root) for f in files]
        return target, files
    if not os.path.isfile(target):
        if os.path.exists(target):  # a FIFO or device: the gate says which
            read_bytes(target, os.path.relpath(target))
        raise InputError("no such file", os.path.relpath(target))
    for root in proto_paths:
        root = os.path.abspath(root)
        if os.path.commonpath([root, target]) == root:
            return root, [os.path.relpath(target, root)]
    return os.path.dirname(target), [os.path.basename(target)]


def compile_protos(target: str, proto_paths: tuple[str, ...] = (), *, allow_outside: bool = False) -> Compiled:
    """Compile a .proto file or a folder of them. Raises InputError (file:line:column) on errors.
    ``allow_outside`` lets imports follow symlinks out of their import root (--allow-outside-refs)."""
    from google.protobuf import descriptor_pb2
    from grpc_tools import protoc

    root, files = proto_files(target, proto_paths)
    own_roots = [root, *(os.path.abspath(p) for p in proto_paths)]
    includes = [*own_roots, *bundled_includes()]
    gate_imports(files, own_roots, bundled_includes(), named=None if os.path.isdir(target) else files[0],
                 allow_outside=allow_outside)
    with tempfile.TemporaryDirectory(prefix="apilint-protoc-") as tmp:
        out = os.path.join(tmp, "set.pb")
        args = ["protoc", *(f"-I{p}" for p in dict.fromkeys(includes)), f"--descriptor_set_out={out}",
                "--include_source_info", "--include_imports", *files]
        code, stderr = _run_captured(protoc.main, args, os.path.join(tmp, "stderr"), cwd=root)
        if code != 0 or not os.path.exists(out):
            raise _compile_error(stderr, root)
        with open(out, "rb") as handle:
            descriptors = descriptor_pb2.FileDescriptorSet.FromString(handle.read())
    return Compiled(descriptors, root, files)


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
        raw = read_bytes(path, os.path.relpath(path), root=None if allow_outside or name == named else found)
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


def _compile_error(stderr: str, root: str) -> InputError:
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("warning")]
    for line in lines:
        match = _ERROR.match(line)
        if match:
            file = os.path.relpath(os.path.join(root, match["file"]))
            return InputError(f"proto does not compile: {match['message']}", file, int(match["line"]),
                              int(match["column"]))
    first = lines[0] if lines else "protoc failed without a message"
    file, _, message = first.partition(": ")
    if message:
        return InputError(f"proto does not compile: {message}", os.path.relpath(os.path.join(root, file)))
    return InputError(f"proto does not compile: {first}", os.path.relpath(root))


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
