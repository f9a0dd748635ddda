"""Regenerate ``apilint/load/protos/buf_validate.binpb`` from a protovalidate wheel (PyPI, Apache-2.0).

protovalidate ships ``buf/validate/validate.proto`` only compiled, as the serialized FileDescriptorProto
inside its generated module; this copies those bytes into a FileDescriptorSet that protoc reads with
``--descriptor_set_in``. Usage: ``python tools/vendor_protovalidate.py protovalidate-X.whl``
(``pip download protovalidate --no-deps`` fetches the wheel).
"""

from __future__ import annotations

import ast
import sys
import zipfile
from pathlib import Path

from google.protobuf import descriptor_pb2

PREFIX = b"\n\x1bbuf/validate/validate.proto"
OUT = Path(__file__).resolve().parent.parent / "apilint" / "load" / "protos"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(("validate_pb.py", "validate_pb2.py")))
        source = archive.read(name).decode()
        version = next(n for n in archive.namelist() if n.endswith("METADATA"))
        licence = next(n for n in archive.namelist() if n.endswith("LICENSE"))
        (OUT / "LICENSE-protovalidate").write_bytes(archive.read(licence))
    data = next(node.value for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Constant) and isinstance(node.value, bytes) and node.value.startswith(PREFIX))
    files = descriptor_pb2.FileDescriptorSet()
    files.file.add().MergeFromString(data)
    (OUT / "buf_validate.binpb").write_bytes(files.SerializeToString())
    print(f"{name} from {version.split('.dist-info')[0]}: {len(data)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
