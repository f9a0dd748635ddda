"""The one gate every spec, ``$ref`` target and proto file passes before apilint reads it.

It refuses what is not a regular file (a FIFO would block forever, ``/dev/zero`` never ends),
bounds the size *before* reading (a sparse 10 GB file costs nothing to create), and, given a root
folder, resolves symlinks before checking that the file lies inside it (a symlink in the spec's
folder must not read ``~/.ssh`` and quote it in findings).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator

from apilint.errors import InputError, shown_path
from apilint.load.limits import MAX_FILE_BYTES

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


_folders: dict[str, str] | None = None  # folder -> its real path, while remembering_real_paths()


@contextlib.contextmanager
def remembering_real_paths() -> Iterator[None]:
    """While inside, each folder's real path is resolved once: a 2,850-file spec checks every file against
    its root, and resolving the root and the files' folders again each time was ~0.15 s of each lint."""
    global _folders
    outer = _folders
    _folders = {} if outer is None else outer
    try:
        yield
    finally:
        _folders = outer


def _realpath(path: str) -> str:
    """``os.path.realpath(path)``; from the folder's remembered real path when one is kept."""
    if _folders is None or not os.path.isabs(path) or os.path.normpath(path) != path:
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    if not name:
        return os.path.realpath(path)
    real_folder = _folders.get(folder)
    if real_folder is None:
        real_folder = _folders[folder] = _realpath(folder)
    candidate = os.path.join(real_folder, name)
    return os.path.realpath(candidate) if os.path.islink(candidate) else candidate


def outside_root(path: str, root: str) -> bool:
    """True when ``path``, symlinks resolved, is not inside ``root`` (symlinks resolved too)."""
    real, real_root = _realpath(path), _realpath(root)
    return os.path.commonpath([real, real_root]) != real_root


def special_file(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO"), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def is_regular_file(path: str) -> bool:
    """A regular file (after symlinks), for folder discovery: FIFOs and devices are skipped, not opened."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_bytes(path: str, shown: str | None = None, *, root: str | None = None,
               limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` (default MAX_FILE_BYTES) bytes, inside
    ``root`` when one is given.

    Raises InputError naming the file. The file is opened non-blocking (a FIFO swapped in after the
    check does not hang) and checked again on the open descriptor.
    """
    shown = shown or path
    limit = MAX_FILE_BYTES if limit is None else limit
    if root is not None and outside_root(path, root):
        raise InputError(f"resolves (through a symlink) outside the folder {shown_path(root)}; "
                         "not read", shown)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", shown) from None
    try:
        info = os.fstat(fd)
        kind = special_file(info.st_mode)
        if kind == "a directory":
            raise InputError("is a directory, not a file", shown)
        if kind:
            raise InputError(f"not a regular file ({kind}); apilint reads only regular files", shown)
        if info.st_size > limit:
            raise InputError(f"file is {info.st_size // (1024 * 1024)} MiB; apilint reads at most "
                             f"{limit // (1024 * 1024)} MiB", shown)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as handle:
            raw = handle.read(info.st_size + 1)  # one more byte tells whether it grew since fstat
            if len(raw) > info.st_size:
                raw += handle.read(limit + 1 - len(raw))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", shown) from None
    finally:
        os.close(fd)
    if len(raw) > limit:  # grew since the check
        raise InputError(f"file is larger than {limit // (1024 * 1024)} MiB; not read", shown)
    return raw
