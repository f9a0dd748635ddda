"""docs/grpc.md end to end, with real processes: the example client's session through `apilint proxy` in front
of v1 is recorded (secrets and PII redacted), becomes contracts, replays cleanly against a fresh v1 and breaks
against v2, and `apilint mock` answers the same session with the recorded statuses."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import run_cli
from tests.grpc.proxying import grpc_proxy, records
from tests.grpc.service import EXAMPLE, PROTOS, running
from tests.grpc.test_mock import address, grpc_mock

pytestmark = pytest.mark.slow
SECRETS = ("example-secret-token", "grace@example.com", "ada@example.com")


def session(target: str) -> list[str]:
    """examples/grpc/client.py against ``target``: (RPC, status) per line."""
    done = subprocess.run([sys.executable, str(EXAMPLE / "client.py"), target], capture_output=True, text=True,
                          timeout=60, check=True)
    return [" ".join(line.split()[:2]) for line in done.stdout.splitlines()]


def test_record_contracts_replay_and_mock(tmp_path):
    recorded = tmp_path / "recordings"
    with running("v1") as v1, grpc_proxy(v1, str(recorded)) as proxy:
        statuses = session(proxy.address)
    assert statuses == ["GetOrder OK", "GetOrder NOT_FOUND", "ListOrders OK", "CreateOrder OK",
                        "CreateOrder INVALID_ARGUMENT", "WatchOrder OK"]
    found = records(str(recorded))
    assert [r["grpc"]["status"] for r in found] == [s.split()[1] for s in statuses]
    on_disk = "".join(p.read_text() for p in recorded.rglob("*") if p.is_file())
    assert not [s for s in SECRETS if s in on_disk]

    contracts = tmp_path / "contracts"
    built = run_cli("contracts", "build", str(recorded), "--out", str(contracts))
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in contracts.iterdir()) == [
        f"shop.orders.v1.OrderService.{rpc}.yaml" for rpc in ("CreateOrder", "GetOrder", "ListOrders", "WatchOrder")]

    replay = ("replay", str(contracts), "--proto", str(PROTOS), "--header", "authorization: Bearer t", "-f", "text")
    with running("v1") as fresh:
        clean = run_cli(*replay, "--target", f"grpc://{fresh}")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "6 checked, 6 passed" in clean.stdout
    with running("v2") as v2:
        broken = run_cli(*replay, "--target", f"grpc://{v2}")
    assert broken.returncode == 1
    assert "body.total_cents: field no longer sent" in broken.stdout
    assert "expected NOT_FOUND, got INVALID_ARGUMENT" in broken.stdout

    mock = grpc_mock(contracts)
    try:
        assert session(address(mock)) == statuses
    finally:
        code, err = mock.stop()
    assert code == 0 and "6 hits, 0 misses" in err
