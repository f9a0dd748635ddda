"""Which specs a command-line path names: an OpenAPI root file, a .proto file, or a folder of them."""

from __future__ import annotations

import os
import re

from apilint.errors import InputError, shown_path
from apilint.load.gate import is_regular_file, outside_root

# A YAML root has the key at column 0; a JSON root may hold it anywhere (keys are often sorted), so
# there it must be followed by a version string, which a nested property named "openapi" is not.
_YAML_ROOT = re.compile(rb"""^["']?(openapi|swagger)["']?\s*:""", re.M)
_JSON_ROOT = re.compile(rb""""(openapi|swagger)"\s*:\s*"[23]\.""")
_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".apilint_cache"}


def looks_like_openapi_root(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            content = handle.read()
    except OSError:
        return False
    return is_openapi_root(content)


def is_openapi_root(content: bytes) -> bool:
    """Whether a YAML or JSON document's text declares an OpenAPI (or Swagger) version at its top."""
    if content.lstrip()[:1] == b"{":
        return bool(_JSON_ROOT.search(content))
    return bool(_YAML_ROOT.search(content))


_YAML_ROOT_TEXT = re.compile(_YAML_ROOT.pattern.decode(), re.M | re.ASCII)
_JSON_ROOT_TEXT = re.compile(_JSON_ROOT.pattern.decode(), re.ASCII)
_JSON_OBJECT_TEXT = re.compile(r"[ \t\n\r\x0b\x0c]*\{")  # bytes.lstrip() strips these only


def is_openapi_root_text(text: str) -> bool:
    """``is_openapi_root(text.encode())`` without encoding the text (an editor's 13 MB buffer, on each edit):
    the patterns are ASCII, which a non-ASCII character matches neither as one character nor as UTF-8 bytes."""
    if _JSON_OBJECT_TEXT.match(text):
        return bool(_JSON_ROOT_TEXT.search(text))
    return bool(_YAML_ROOT_TEXT.search(text))


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
                    if not is_regular_file(full) or outside_root(full, path):  # a FIFO would block;
                        continue  # a symlink out of the folder is not the folder's
                    if name.endswith(".proto"):
                        has_proto = True
                    elif name.endswith(_SPEC_SUFFIXES) and looks_like_openapi_root(full):
                        targets.append(full)
            if has_proto:
                targets.append(path)
        elif os.path.exists(path):
            targets.append(path)
        else:
            raise InputError("no such file or folder", shown_path(path))
    if not targets:
        raise InputError("no OpenAPI documents or .proto files found", " ".join(map(shown_path, paths)))
    return targets
