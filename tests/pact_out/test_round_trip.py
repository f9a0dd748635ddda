"""Round trip: a session recorded through the real `apilint proxy` in front of the example service,
exported with `contracts build --format pact`, re-imports to the contracts `contracts build` writes as YAML
(same interactions, statuses, captures and matchers) and verifies against v1 with `apilint replay`."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from apilint.contract.matchers import parse
from apilint.contract.rules import parse_path
from apilint.pact.rules_out import matcher_for
from apilint.replay.loading import load
from tests.conftest import run_cli
from tests.pact_out.state_server import state_server
from tests.proxy.harness import start_proxy
from tests.replay.service import SPEC_V1, drive_session, service

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("session")
    folder, contracts, pact = base / "recorded", base / "contracts", base / "web-orders.json"
    with service("v1") as v1:
        proxy = start_proxy(SimpleNamespace(url=v1), str(folder), "--spec", str(SPEC_V1))
        try:
            drive_session(proxy.url)
        finally:
            code, stderr = proxy.stop()
    assert code == 0, stderr
    for args in (["--out", str(contracts)], ["--format", "pact", "--consumer", "web", "--provider", "orders",
                                             "-o", str(pact)]):
        proc = run_cli("contracts", "build", str(folder), "--spec", str(SPEC_V1), *args)
        assert proc.returncode == 0, proc.stderr
    return contracts, pact


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path[1:]:
        value = value[part]
    return value


def test_the_pact_reimports_to_the_same_contracts(built):
    contracts, pact = built
    from_yaml = {it.name: it for it in load(str(contracts), [])}
    from_pact = {it.name.removeprefix("web: "): it for it in load(str(pact), [])}
    assert set(from_pact) == set(from_yaml)
    checked = 0
    for name, mine in from_pact.items():
        theirs = from_yaml[name]
        assert (mine.method, mine.expected.status, mine.captures) == (theirs.method, theirs.expected.status,
                                                                      theirs.captures), name
        assert (mine.consumer, mine.provider) == ("web", "orders")
        # a linked id: the YAML's {{var:NAME}} is the pact's ProviderState generator ${NAME}
        if "{{var:" in theirs.path:
            expression = mine.generators["request"]["path"]["expression"]
            assert expression == theirs.path.replace("{{var:", "${").replace("}}", "}")
        # every matching rule reads back as the matcher the YAML contract holds there
        doc = json.loads(pact.read_text())
        written = next(i for i in doc["interactions"] if i["description"] == name)
        for where, rule in (written["response"].get("matchingRules") or {}).get("body", {}).items():
            assert matcher_for(rule["matchers"]) == at(theirs.expected.body, parse_path(where)), (name, where)
            checked += 1
        # and what the pact leaves out is what Pact cannot say: {{any}} or a redacted value
        for key, value in (theirs.expected.body or {}).items() if isinstance(theirs.expected.body, dict) else ():
            if key not in (mine.expected.body or {}):
                assert parse(value) and parse(value)[0] in ("any", "redacted"), (name, key)
    assert checked >= 10


@pytest.mark.parametrize("hook", [False, True], ids=["captures", "state-hook"])
def test_the_pact_verifies_against_v1_and_the_break_in_v2_is_named(built, hook):
    _, pact = built
    with service("v1") as v1, state_server(v1) as (url, journal):
        args = ["--provider-states-url", url] if hook else []
        proc = run_cli("replay", str(pact), "--target", v1, "--format", "json", "--header", "Authorization: Bearer t",
                       *args)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, [r for r in data["results"] if r["outcome"] != "pass"]
    assert {r["consumer"] for r in data["results"]} == {"web"}
    assert bool(journal) == hook
    with service("v2") as v2:
        proc = run_cli("replay", str(pact), "--target", v2, "--header", "Authorization: Bearer t")
    assert proc.returncode == 1
    assert "pact web → orders:" in proc.stdout
    assert "BREAKING POST /v1/orders (web: post_v1_orders_created)" in proc.stdout
