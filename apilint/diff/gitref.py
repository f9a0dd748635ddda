"""Reading the old version of a spec from git (``apilint diff --base REF SPEC``).

The folder holding the spec (a multi-file OpenAPI spec's relative ``$ref``s, or a proto tree) is
materialised at REF into a temporary directory with ``git archive``, so no checkout is touched.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator

from apilint.errors import InputError, shown_path


def _git(args: list[str], cwd: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=120)
    except FileNotFoundError:
        raise InputError("git is not installed (needed for --base)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"git {args[0]} failed: {message[-1] if message else 'unknown error'}")
    return done.stdout


def _inside_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's ``data`` filter, except that a link leaving the tree (absolute, or up and out) is
    skipped instead of failing the whole extraction: it is never followed."""
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None


@contextlib.contextmanager
def materialise(ref: str, spec: str, folder: str | None = None,
                roots: tuple[str, ...] = ()) -> Iterator[tuple[str, str, str]]:
    """Yield (``spec`` as it was at ``ref``, the temporary root, the repository root). ``folder`` (default:
    the spec's own folder, or the spec itself when it is a folder, and the import ``roots`` inside the
    repository, for protos) is extracted whole beside it."""
    spec = os.path.abspath(spec)
    if not os.path.exists(spec):
        raise InputError("no such file or folder", shown_path(spec))
    start = spec if os.path.isdir(spec) else os.path.dirname(spec)
    top = _git(["rev-parse", "--show-toplevel"], start).decode().strip()
    top = os.path.realpath(top)
    real_spec = os.path.realpath(spec)
    if folder:
        scope = os.path.realpath(os.path.abspath(folder))
    else:
        scope = real_spec if os.path.isdir(real_spec) else os.path.dirname(real_spec)
        inside = [r for r in map(os.path.realpath, roots) if os.path.commonpath([r, top]) == top]
        scope = os.path.commonpath([scope, *inside])
    if os.path.commonpath([scope, top]) != top:
        raise InputError(f"{folder or spec} is not inside the git repository {top}")
    rel_scope = os.path.relpath(scope, top)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except InputError:
        raise InputError(f"--base {ref}: no such commit, branch or tag in {top}") from None
    archive = _git(["archive", "--format=tar", ref, "--", "." if rel_scope == "." else rel_scope], top)
    with tempfile.TemporaryDirectory(prefix="apilint-base-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter=_inside_only)
        old = os.path.join(tmp, os.path.relpath(real_spec, top))
        if not os.path.exists(old):
            raise InputError(f"{shown_path(spec)} does not exist at {ref}")
        yield old, tmp, top


def roots_at(tmp: str, top: str, roots: tuple[str, ...]) -> tuple[str, ...]:
    """The import ``roots`` as extracted under ``tmp`` (those inside the repository; others unchanged)."""
    moved = []
    for root in map(os.path.realpath, roots):
        inside = os.path.commonpath([root, top]) == top
        moved.append(os.path.join(tmp, os.path.relpath(root, top)) if inside else root)
    return tuple(moved)
