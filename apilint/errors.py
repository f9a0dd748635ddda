"""Errors that end a command with exit code 2 and one clear line, never a traceback; and the one way
any message or report names a file (``shown_path``)."""

from __future__ import annotations

import os


def shown_path(path: str) -> str:
    """``path`` as a user sees it: relative to the working directory when it is inside it (``a/b.yaml``),
    absolute otherwise (``/tmp/x/spec.yaml``, never ``../../../tmp/x/spec.yaml``); POSIX separators.

    Only for display: what identifies a file is ``cwd_relative``."""
    full, here = os.path.abspath(path), os.getcwd()
    inside = os.path.splitdrive(full)[0] == os.path.splitdrive(here)[0] and os.path.commonpath([full, here]) == here
    return (os.path.relpath(full, here) if inside else full).replace(os.sep, "/")


def cwd_relative(path: str) -> str:
    """``path`` relative to the working directory even when outside it (``../x/spec.yaml``): the spelling
    baselines, ignore globs, SARIF artifact URIs and fingerprints match a file by, as apilint always wrote
    it, so a baseline or config written before ``shown_path`` keeps matching."""
    return os.path.relpath(path)


class InputError(Exception):
    """Bad input (a file that cannot be read or parsed, bad usage, bad config).

    ``str()`` gives the one line a user sees: ``file:line:column: message``.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        return f"{':'.join(where)}: {self.message}" if where else self.message
