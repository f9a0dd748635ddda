"""Tests find the shared corpus from any checkout depth (clone, worktree, nested worktree)."""

from __future__ import annotations

from .conftest import find_shared


def _repo(tmp_path, *parts):
    root = tmp_path.joinpath(*parts)
    root.mkdir(parents=True)
    return root


def test_shared_beside_the_clone(tmp_path):
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    assert find_shared(_repo(tmp_path, "apilint")) == tmp_path / "shared"


def test_shared_found_from_a_nested_worktree(tmp_path):
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    assert find_shared(_repo(tmp_path, "wt", "feature", "apilint")) == tmp_path / "shared"


def test_shared_absent_points_beside_the_clone_so_tests_skip(tmp_path):
    (tmp_path / "wt" / "shared").mkdir(parents=True)  # a shared/ without corpus/ is not it
    root = _repo(tmp_path, "wt", "apilint")
    assert find_shared(root) == tmp_path / "wt" / "shared"
    assert not (find_shared(root) / "corpus").is_dir()
