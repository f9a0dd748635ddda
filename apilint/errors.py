"""Errors that end a command with exit code 2 and one clear line, never a traceback."""

from __future__ import annotations


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
