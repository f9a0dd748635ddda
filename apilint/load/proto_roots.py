"""Import roots of a proto target as buf declares them, so ``apilint check .`` works where ``buf build`` does.

The nearest ``buf.work.yaml`` or ``buf.yaml`` at or above the target (up to the repository's top) names them:
``buf.work.yaml`` ``directories``; ``buf.yaml`` v2 ``modules[].path``, v1beta1 ``build.roots`` (or ``roots``),
otherwise (v1) the folder holding ``buf.yaml`` itself. Paths are relative to the file declaring them.
"""

from __future__ import annotations

import os
from typing import Any

from apilint.errors import InputError, shown_path

_FILES = ("buf.work.yaml", "buf.yaml")
_MAX_BYTES = 1 << 20


def buf_roots(target: str) -> tuple[str, ...]:
    """Absolute import roots declared by the buf config nearest above ``target`` (none without one)."""
    folder = os.path.abspath(target if os.path.isdir(target) else os.path.dirname(target) or ".")
    while True:
        for name in _FILES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                return tuple(os.path.normpath(os.path.join(folder, p)) for p in _declared(path, name))
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return ()
        folder = parent


def _declared(path: str, name: str) -> list[str]:
    data = _read(path)
    if name == "buf.work.yaml":
        return _strings(data.get("directories"), path, "directories")
    if data.get("version") == "v2":
        modules = data.get("modules") or [{"path": "."}]
        if not isinstance(modules, list) or not all(isinstance(m, dict) for m in modules):
            raise InputError("buf.yaml: `modules` must be a list of mappings", shown_path(path))
        return _strings([m.get("path", ".") for m in modules], path, "modules[].path")
    build = data.get("build")
    roots = build.get("roots") if isinstance(build, dict) else data.get("roots")
    return _strings(roots, path, "roots") if roots is not None else ["."]


def _read(path: str) -> dict[str, Any]:
    import yaml

    shown = shown_path(path)
    if os.path.getsize(path) > _MAX_BYTES:
        raise InputError("buf config larger than 1 MB", shown)
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(f"cannot read buf config: {getattr(error, 'problem', None) or error}", shown,
                         mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError("buf config: the top level is not a mapping", shown, 1, 1)
    return data


def _strings(value: Any, path: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"buf config: `{key}` must be a list of folder names", shown_path(path))
    return value
