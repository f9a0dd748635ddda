"""While a lint remembers real paths, outside_root answers as it does resolving every path afresh."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from apilint.load import gate


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "spec" / "schemas").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text("a: 1\n")
    (tmp_path / "spec" / "schemas" / "user.yaml").write_text("a: 1\n")
    links = {"spec/out": "../outside", "spec/schemas/leak.yaml": "../../outside/secret.yaml",
             "spec/alias": "schemas", "spec/schemas/self.yaml": "user.yaml", "spec/dangling.yaml": "nowhere.yaml",
             "root": "spec"}
    for link, target in links.items():
        os.symlink(target, tmp_path / link)
    return tmp_path


def test_remembered_real_paths_equal_realpath(tree: Path):
    paths = [str(p) for p in sorted(tree.rglob("*"))]
    paths += [str(tree / "spec/out/secret.yaml"), str(tree / "spec/alias/user.yaml"), str(tree / "root/alias/leak.yaml"),
              str(tree / "spec/missing/file.yaml"), str(tree / "spec/../outside"), "relative/path.yaml", "/"]
    roots = [str(tree / "spec"), str(tree / "root"), str(tree / "outside")]
    expected = {(p, r): gate.outside_root(p, r) for p in paths for r in roots}
    with gate.remembering_real_paths():
        assert {p: gate._realpath(p) for p in paths} == {p: os.path.realpath(p) for p in paths}
        assert {(p, r): gate.outside_root(p, r) for p in paths for r in roots} == expected
    assert gate._folders is None
    assert expected[(str(tree / "spec/schemas/leak.yaml"), str(tree / "spec"))] is True
    assert expected[(str(tree / "spec/alias/user.yaml"), str(tree / "root"))] is False
