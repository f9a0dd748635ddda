"""Writing what a command produces (a report, a baseline): never over an input, one clear line when
the file cannot be written (missing folder, a directory, no permission, disk full), and a reader of
standard output that went away (``| head``) is not an error."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from apilint.errors import InputError, shown_path


def refuse_inputs(output: str, inputs: Iterable[str], what: str) -> None:
    """Refuse to write ``output`` when it is one of the files being linted (``-o s.yaml s.yaml``)."""
    real = os.path.realpath(output)
    for path in inputs:
        if os.path.isfile(path) and os.path.realpath(path) == real:
            raise InputError(f"refusing to write the {what} over an input file", shown_path(output))


def write_text(path: str, text: str, what: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write the {what}: {exc.strerror or exc}", shown_path(path)) from None


def write_stdout(text: str) -> None:
    """Write to standard output; a closed pipe ends quietly (the exit code still tells the result)."""
    if sys.stdout is None:
        raise InputError("standard output is closed: use -o FILE to write the report")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush must not fail again
