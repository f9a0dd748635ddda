"""``apilint mock --procs N``: N mock processes on one port (SO_REUSEPORT, as ``apilint proxy``).

This process starts N-1 copies of its command line (``--procs 1 --reuse-port``, each writing its
journal to a private file), then serves itself. SIGTERM/SIGINT are forwarded; at exit this process
merges every journal into one and sets the exit code from it. State (ids handed out) is per process:
see ``apilint.mock.state``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from apilint.mock.app import MockApp
from apilint.mock.journal import merge
from apilint.mock.run import EXIT_BAD, serve_mock
from apilint.reuseport import child_argv, copies

CHILD_WAIT_S = 30.0


def run_procs(n: int, app: MockApp, host: str, port: int,
              announce: Callable[[str], None]) -> tuple[int, dict[str, Any]]:
    """(exit code of serving, the merged journal)."""
    folder = tempfile.mkdtemp(prefix="apilint-mock-")
    files = [os.path.join(folder, f"journal-{i}.json") for i in range(n - 1)]
    drop = ("--procs", "--journal")
    argvs = [child_argv(drop, ["--procs", "1", "--reuse-port", "--journal", path, "--quiet"]) for path in files]
    with copies(argvs, CHILD_WAIT_S):
        code = serve_mock(app, host, port, True, announce)
    journals = [app.journal.to_dict()]
    try:
        for path in files:
            try:
                with open(path, encoding="utf-8") as fh:
                    journals.append(json.load(fh))
            except (OSError, ValueError):
                code = EXIT_BAD  # a copy that never served (it said why on stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return code, merge(journals)
