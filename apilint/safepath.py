"""The one way apilint names a file it writes under a folder the user chose (``--out``, the proxy's
recording folder): names built from recorded or spec text (an HTTP method, an operation name) can
never leave that folder, whatever they hold (``../``, an absolute path, a NUL byte, a symlink
planted in the folder).

    path = inside(out, safe_name(f"{method}_{slug}") + ".yaml")
"""

from __future__ import annotations

import os
import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 200  # bytes; file systems allow 255


class OutsideFolder(ValueError):
    """A file name that would resolve outside the folder it is meant for."""


def safe_name(text: str, fallback: str = "unnamed") -> str:
    """One file-name component made of letters, digits, ``.``, ``_`` and ``-``: every other run of
    characters becomes ``_``; no leading dot (no hidden files, no ``..``); at most ``MAX_NAME`` long."""
    name = _UNSAFE.sub("_", text).lstrip(".")[:MAX_NAME]
    return name if name.strip("_") else fallback


def inside(folder: str, name: str) -> str:
    """``folder/name``, after checking that it resolves (symlinks followed) inside ``folder``;
    OutsideFolder otherwise. ``name`` may hold sub-folders (``a/b.yaml``)."""
    root = os.path.realpath(folder)
    resolved = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, resolved]) != root or resolved == root:
        raise OutsideFolder(f"{name!r} would be written outside {folder}")
    return os.path.join(folder, name)
