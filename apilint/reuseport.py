"""``--procs N`` for the servers (``apilint proxy``, ``apilint mock``): N processes on one port.

The first process starts N-1 copies of its own command line with SO_REUSEPORT (Linux spreads new
connections across all of them); ``child_argv`` is that command line.
"""

from __future__ import annotations

import sys


def child_argv(drop: tuple[str, ...], extra: list[str]) -> list[str]:
    """This process's ``apilint`` command without the options in ``drop`` (each with its value), plus
    ``extra``."""
    argv, skip = [], False
    for arg in sys.argv[1:]:
        if skip:
            skip = False
            continue
        if arg in drop:
            skip = True
            continue
        if arg.startswith(tuple(f"{name}=" for name in drop)):
            continue
        argv.append(arg)
    return [sys.executable, "-m", "apilint", *argv, *extra]
