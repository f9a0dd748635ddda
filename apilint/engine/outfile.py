"""Writing what `apilint check` produces (report, baseline): never over an input, one clear line when
the file cannot be written (missing folder, a directory, no permission, disk full)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from apilint.errors import InputError


def refuse_inputs(output: str, inputs: Iterable[str], what: str) -> None:
    """Refuse to write ``output`` when it is one of the files being linted (``-o s.yaml s.yaml``)."""
    real = os.path.realpath(output)
    for path in inputs:
        if os.path.isfile(path) and os.path.realpath(path) == real:
            raise InputError(f"refusing to write the {what} over an input file", output)


def write_text(path: str, text: str, what: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"cannot write the {what}: {exc.strerror or exc}", path) from None
