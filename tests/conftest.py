from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def find_shared(root: Path) -> Path:
    """The ``shared`` folder (corpus, peer cases) beside the checkout or beside any folder above it (a
    worktree nests deeper); ``root/../shared`` when there is none, so tests that need it skip."""
    return next((p / "shared" for p in root.parents if (p / "shared" / "corpus").is_dir()), root.parent / "shared")


SHARED = find_shared(ROOT)
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")  # pact-python's Rust core reports usage unless told not to
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Each test gets its own result cache so cached results never leak between tests."""
    monkeypatch.setenv("APILINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real `apilint` command line in a subprocess (as users and CI do)."""
    return subprocess.run([sys.executable, "-m", "apilint", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture
def cli():
    return run_cli


def lint_text(tmp_path: Path, text: str, name: str = "spec.yaml", **options):
    """Lint one spec written to a temporary file, in-process; returns the LintResult."""
    from apilint.engine.runner import LintOptions, lint_target

    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    options.setdefault("use_cache", False)
    return lint_target(str(path), LintOptions(**options))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse test ids that cannot be passed on: pytest copies the running test's id into the
    PYTEST_CURRENT_TEST environment variable, and Linux refuses to start a subprocess with a
    variable over 128 kB ("Argument list too long"). Give a huge parameter a short `ids=` name."""
    too_long = [item.nodeid[:80] + "…" for item in items if len(item.nodeid) > 1000]
    if too_long:
        raise pytest.UsageError(f"test ids over 1,000 characters (give them ids=): {too_long}")
