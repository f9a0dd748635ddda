"""Protos laid out as people do: under ``protos/``, importing relative to it, with or without buf's
config files, for check and diff (issue 15, "Protos the way people lay them out")."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

MONEY = """syntax = "proto3";
package acme.common.v1;
message Money { string currency_code = 1; int64 units = 2; }
"""
ORDERS = """syntax = "proto3";
package acme.orders.v1;
import "acme/common/v1/money.proto";
message Order { string name = 1; acme.common.v1.Money total = 2; }
message GetOrderRequest { string name = 1; }
service OrderService { rpc GetOrder(GetOrderRequest) returns (Order); }
"""
BUF_CONFIGS = {
    "buf.work.yaml": "version: v1\ndirectories:\n  - protos\n",
    "buf.yaml": "version: v2\nmodules:\n  - path: protos\n",
    "protos/buf.yaml": "version: v1\n",  # v1: the module root is buf.yaml's folder
    "buf.yaml ": "version: v1beta1\nbuild:\n  roots:\n    - protos\n",
}


def layout(root: Path, money: str = MONEY, orders: str = ORDERS) -> Path:
    (root / "protos/acme/common/v1").mkdir(parents=True, exist_ok=True)
    (root / "protos/acme/orders/v1").mkdir(parents=True, exist_ok=True)
    (root / "protos/acme/common/v1/money.proto").write_text(money)
    (root / "protos/acme/orders/v1/orders.proto").write_text(orders)
    return root


def compiled(done: subprocess.CompletedProcess) -> None:
    assert done.returncode in (0, 1), done.stderr
    assert "does not compile" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [("-I", "protos", "."), ("-I", "protos", "protos/acme/orders"),
                                  ("-I", "protos", "protos/acme/orders/v1/orders.proto")])
def test_check_with_an_import_root_inside_or_around_the_target(cli, tmp_path, args):
    compiled(cli("check", "--format", "json", *args, cwd=layout(tmp_path)))


def test_check_without_a_root_still_says_what_is_missing(cli, tmp_path):
    done = cli("check", ".", cwd=layout(tmp_path))
    assert done.returncode == 2 and "acme/common/v1/money.proto" in done.stderr


# a buf.yaml below the target declares nothing for it (buf reads it beside or above): not a case
@pytest.mark.parametrize(("config", "target"), [(c, t) for c in BUF_CONFIGS for t in (".", "protos/acme/orders")
                                                if (c, t) != ("protos/buf.yaml", ".")])
def test_check_reads_import_roots_from_buf_config(cli, tmp_path, config, target):
    layout(tmp_path)
    (tmp_path / config.strip()).write_text(BUF_CONFIGS[config])
    done = cli("check", "--format", "json", target, cwd=tmp_path)
    compiled(done)
    assert "orders.proto" in done.stdout


def test_a_broken_buf_config_is_one_line(cli, tmp_path):
    layout(tmp_path)
    (tmp_path / "buf.work.yaml").write_text("version: v1\ndirectories: protos\n")
    done = cli("check", ".", cwd=tmp_path)
    assert done.returncode == 2 and "buf.work.yaml" in done.stderr and "directories" in done.stderr
    assert "Traceback" not in done.stderr


def test_diff_two_trees_each_with_its_buf_config(cli, tmp_path):
    old, new = layout(tmp_path / "old"), layout(tmp_path / "new", money=MONEY.replace("int64", "int32"))
    done = cli("diff", "old/protos/acme", "new/protos/acme", cwd=tmp_path)
    assert done.returncode == 2  # imports relative to protos/: not found without a root
    for tree in (old, new):
        (tree / "buf.work.yaml").write_text(BUF_CONFIGS["buf.work.yaml"])
    done = cli("diff", "old/protos/acme", "new/protos/acme", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[1].startswith("new/protos/acme/common/v1/money.proto:3:43: breaking:")  # after the counts line


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    layout(tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "v1")
    layout(tmp_path, money=MONEY.replace("int64 units", "int32 units"),
           orders=ORDERS.replace("string name = 1; acme", "string id = 1; acme"))
    return tmp_path


@pytest.mark.parametrize("target", ["protos/acme/orders", "protos", "."])
def test_diff_base_with_an_import_root(cli, repo, target):
    done = cli("diff", "-I", "protos", "--base", "main", target, cwd=repo)
    assert done.returncode == 1, done.stderr
    assert "protos/acme/orders/v1/orders.proto:4:" in done.stdout or target == "."
    assert "FIELD_SAME_NAME" in done.stdout
    if target != "protos/acme/orders":
        assert "FIELD_SAME_TYPE" in done.stdout


def test_diff_base_reads_buf_config(cli, repo):
    (repo / "buf.yaml").write_text(BUF_CONFIGS["buf.yaml"])
    done = cli("diff", "--base", "main", "protos/acme/orders", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[1].startswith("protos/acme/orders/v1/orders.proto:4:24: breaking:")  # after the counts line


def test_check_and_diff_read_import_roots_from_apilint_config(cli, repo):
    (repo / "apilint.yaml").write_text("proto:\n  roots: [protos]\n")
    compiled(cli("check", "--format", "json", ".", cwd=repo))
    done = cli("diff", "--base", "main", "protos/acme/orders", cwd=repo)
    assert done.returncode == 1 and "FIELD_SAME_NAME" in done.stdout, done.stderr


@pytest.mark.parametrize(("text", "where"), [("proto:\n  roots: protos\n", "apilint.yaml:2:"),
                                             ("proto:\n  root: [protos]\n", "apilint.yaml:2:"),
                                             ("proto: [protos]\n", "apilint.yaml:1:")])
def test_a_wrong_proto_config_is_one_line_with_its_position(cli, tmp_path, text, where):
    layout(tmp_path)
    (tmp_path / "apilint.yaml").write_text(text)
    done = cli("check", ".", cwd=tmp_path)
    assert done.returncode == 2 and where in done.stderr and "Traceback" not in done.stderr, done.stderr
