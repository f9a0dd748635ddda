"""A consumer session recorded through the real `apilint proxy` in front of the example service, then
served by `apilint mock` (from the recordings and from the contracts built from them): the consumer
gets the same statuses and body shapes from the mock as from the service."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.mock.harness import start_mock
from tests.proxy.harness import start_proxy
from tests.replay.service import SERVICE, SPEC_V1, drive_session, service

pytestmark = pytest.mark.slow
CONSUMER = SERVICE / "consumer_test.py"


def same_shape(want: Any, got: Any, where: str = "body") -> list[str]:
    """Where two JSON values differ in shape: object keys, and types where neither is null."""
    if want is None or got is None:
        return []
    if isinstance(want, dict) and isinstance(got, dict):
        if set(want) != set(got):
            return [f"{where}: keys {sorted(want)} != {sorted(got)}"]
        return [d for key in want for d in same_shape(want[key], got[key], f"{where}.{key}")]
    if isinstance(want, list) and isinstance(got, list):
        return [d for a, b in zip(want, got, strict=False) for d in same_shape(a, b, f"{where}[]")]
    return [] if type(want) is type(got) else [f"{where}: {type(want).__name__} != {type(got).__name__}"]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> tuple[Path, Path, list[dict]]:
    base = tmp_path_factory.mktemp("session")
    folder, contracts = base / "recorded", base / "contracts"
    with service("v1") as v1:
        proxy = start_proxy(SimpleNamespace(url=v1), str(folder), "--spec", str(SPEC_V1))
        try:
            sent = drive_session(proxy.url)
        finally:
            code, stderr = proxy.stop()
    assert code == 0, stderr
    built = run_cli("contracts", "build", str(folder), "--out", str(contracts), "--spec", str(SPEC_V1))
    assert built.returncode == 0, built.stderr
    return folder, contracts, sent


@pytest.mark.parametrize("which", ["recordings", "contracts"])
def test_the_session_replayed_against_the_mock_gets_the_same_statuses_and_shapes(recorded, which):
    folder, contracts, sent = recorded
    mock = start_mock(str(folder if which == "recordings" else contracts))
    try:
        again = drive_session(mock.url)
    finally:
        code, stderr = mock.stop()
    statuses = [(r["request"]["method"], r["request"]["path"], r["response"]["status"]) for r in again]
    assert [r["response"]["status"] for r in again] == [r["response"]["status"] for r in sent], statuses
    for want, got in zip(sent, again, strict=True):
        assert same_shape(want["response"]["body"], got["response"]["body"]) == [], (want, got)
    assert code == 0, stderr  # no miss
    # ids the mock handed out came back and were accepted (GET and PATCH of the created order)
    created = again[0]["response"]["body"]["order_id"]
    assert again[2]["response"]["body"]["order_id"] == created
    assert again[3]["response"]["body"]["order_id"] == created


def _consumer(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           str(CONSUMER)], env={**os.environ, "ORDERS_URL": url}, capture_output=True, text=True,
                          timeout=120, cwd=CONSUMER.parent)


def test_the_docs_consumer_test_passes_against_the_mock_and_fails_when_the_contract_changes(recorded, tmp_path):
    _, contracts, _ = recorded
    copied = tmp_path / "contracts"
    shutil.copytree(contracts, copied)
    mock = start_mock(str(copied))
    try:
        passed = _consumer(mock.url)
    finally:
        code, stderr = mock.stop()
    assert passed.returncode == 0, passed.stdout + stderr
    assert code == 0, stderr
    # the provider renames order_id to id in its answers (the example service's v2): the contract changes
    getter = copied / "GET_v1_orders_order_id.yaml"
    getter.write_text(re.sub(r"(?m)^(\s+)order_id:", r"\1id:", getter.read_text()))
    mock = start_mock(str(copied))
    try:
        failed = _consumer(mock.url)
    finally:
        mock.stop()
    assert failed.returncode == 1, failed.stdout
    assert "KeyError: 'order_id'" in failed.stdout
