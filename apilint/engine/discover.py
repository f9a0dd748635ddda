"""Which specs a command-line path names: an OpenAPI root file, a .proto file, or a folder of them."""

from __future__ import annotations

import os
import re

from apilint.errors import InputError

_OPENAPI_ROOT = re.compile(rb"""^\s*["']?(openapi|swagger)["']?\s*:""", re.M)
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".apilint_cache"}


def looks_like_openapi_root(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return bool(_OPENAPI_ROOT.search(head))


def discover(paths: list[str]) -> list[str]:
    """Lint targets: OpenAPI root files, and for each folder holding .proto files the folder itself
    (its protos compile together, the folder being their import root)."""
    targets: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            has_proto = False
            for directory, subdirs, files in os.walk(path):
                subdirs[:] = sorted(d for d in subdirs if d not in _SKIP_DIRS)
                for name in sorted(files):
                    full = os.path.join(directory, name)
                    if name.endswith(".proto"):
                        has_proto = True
                    elif name.endswith(_SPEC_SUFFIXES) and looks_like_openapi_root(full):
                        targets.append(full)
            if has_proto:
                targets.append(path)
        elif os.path.exists(path):
            targets.append(path)
        else:
            raise InputError("no such file or folder", path)
    if not targets:
        raise InputError("no OpenAPI documents or .proto files found", " ".join(paths))
    return targets
