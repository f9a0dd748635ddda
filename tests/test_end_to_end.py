"""Record → contracts → replay, through the real proxy in front of the real example service."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from apilint.recording.reader import read_recordings

from .conftest import run_cli
from .proxy.harness import start_proxy, written_files
from .replay.service import SPEC_V1, drive_session, service

pytestmark = pytest.mark.slow
SECRET = "secret-token-never-written"  # the bearer token drive_session sends


def replay(folder, url):
    result = run_cli("replay", str(folder), "--target", url, "-f", "json",
                     "--header", "Authorization: Bearer replay-token")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_record_v1_through_the_proxy_then_replay_against_v1_and_v2(tmp_path):
    recorded, contracts = tmp_path / "recorded", tmp_path / "contracts"
    with service("v1") as v1:
        proxy = start_proxy(SimpleNamespace(url=v1), str(recorded), "--spec", str(SPEC_V1))
        try:
            sent = drive_session(proxy.url)
        finally:
            code, stderr = proxy.stop()
    assert code == 0, stderr
    records = list(read_recordings(str(recorded)))
    assert len(records) == len(sent) == 9
    assert [r["response"]["status"] for r in records] == [r["response"]["status"] for r in sent]
    for path in written_files(str(recorded)):
        with open(path, encoding="utf-8", errors="replace") as handle:
            assert SECRET not in handle.read()

    built = run_cli("contracts", "build", str(recorded), "--out", str(contracts), "--spec", str(SPEC_V1))
    assert built.returncode == 0, built.stderr

    for source in (recorded, contracts):
        # a new process for each replay: new ids and timestamps, and no order left behind by an earlier
        # replay under the same recorded Idempotency-Key
        with service("v1") as fresh_v1:
            code, report = replay(source, fresh_v1)
            assert (code, report["breaking"]) == (0, False), json.dumps(report, indent=1)[:3000]
    with service("v2") as v2:
        code, report = replay(contracts, v2)
        assert (code, report["breaking"]) == (1, True)
