"""``apilint replay --provider-states-url``: the state hook is called around each interaction that names
provider states, as Pact verifiers call it, and what it answers fills the interaction's variables."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.pact_out.state_server import state_server
from tests.replay.service import service

CONTRACT = """
contract: {operation: "GET /v1/orders/{order_id}"}
interactions:
  - name: get_order
    provider_states:
      - name: an order exists
        params: {order_id: o-recorded}
    request: {method: GET, path: "/v1/orders/{{var:order_id}}"}
    response:
      status: 200
      body: {order_id: "{{var:order_id}}", status: PENDING}
  - name: list_orders
    request: {method: GET, path: /v1/orders}
    response: {status: 200}
"""


@pytest.fixture(scope="module")
def v1():
    with service("v1") as url:
        yield url


def replay(folder, target, *args):
    proc = run_cli("replay", str(folder), "--target", target, "--format", "json", *args)
    return proc, json.loads(proc.stdout) if proc.stdout.startswith("{") else None


def test_the_hook_sets_up_and_tears_down_each_state_and_its_answer_fills_the_request(tmp_path, v1):
    (tmp_path / "GET_order.yaml").write_text(CONTRACT)
    with state_server(v1) as (hook, journal):
        proc, data = replay(tmp_path, v1, "--provider-states-url", hook)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [r["actual_status"] for r in data["results"]] == [200, 200]
    assert journal == [{"state": "an order exists", "params": {"order_id": "o-recorded"}, "action": "setup"},
                       {"state": "an order exists", "params": {"order_id": "o-recorded"}, "action": "teardown"}]


def test_without_the_hook_the_unset_state_shows(tmp_path, v1):
    (tmp_path / "GET_order.yaml").write_text(CONTRACT)
    proc, data = replay(tmp_path, v1)
    assert proc.returncode == 1
    assert data["results"][0]["actual_status"] == 404


def test_a_failing_hook_fails_its_interaction_with_the_reason_not_the_run(tmp_path, v1):
    (tmp_path / "GET_order.yaml").write_text(CONTRACT)
    with state_server(v1, fail="an order exists") as (hook, journal):
        proc, data = replay(tmp_path, v1, "--provider-states-url", hook)
    assert proc.returncode == 1
    failed, listed = data["results"]
    assert failed["outcome"] == "breaking" and failed["actual_status"] is None
    assert [(d["kind"], d["where"]) for d in failed["differences"]] == [("provider_state_failed", "providerStates")]
    assert "'an order exists' setup" in failed["differences"][0]["message"] and "500" in failed["differences"][0][
        "message"]
    assert listed["outcome"] == "pass"
    assert [c["action"] for c in journal] == ["setup", "teardown"]  # torn down even so


def test_a_hook_nothing_listens_on_fails_the_interaction_in_time(tmp_path, v1):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/states"
    (tmp_path / "GET_order.yaml").write_text(CONTRACT)
    proc, data = replay(tmp_path, v1, "--provider-states-url", dead, "--timeout", "2")
    assert proc.returncode == 1
    assert data["results"][0]["differences"][0]["kind"] == "provider_state_failed"


@pytest.mark.parametrize("url", ["ftp://x/states", "not a url"])
def test_a_bad_hook_url_is_one_line_exit_2(tmp_path, url):
    (tmp_path / "GET_order.yaml").write_text(CONTRACT)
    proc = run_cli("replay", str(tmp_path), "--target", "http://127.0.0.1:9", "--provider-states-url", url)
    assert proc.returncode == 2 and "--provider-states-url" in proc.stderr and "Traceback" not in proc.stderr


def test_malformed_provider_states_are_refused(tmp_path):
    (tmp_path / "c.yaml").write_text(CONTRACT.replace("params: {order_id: o-recorded}", "params: [1]"))
    proc = run_cli("replay", str(tmp_path), "--target", "http://127.0.0.1:9")
    assert proc.returncode == 2 and "c.yaml:" in proc.stderr and "provider state" in proc.stderr


@pytest.mark.parametrize("hook", ["http://203.0.113.7:8080/states", "https://states.example.com/setup"])
def test_a_hook_on_another_host_is_refused_naming_the_flag(tmp_path, hook):
    (tmp_path / "GET_order.yaml").write_text(CONTRACT)
    proc = run_cli("replay", str(tmp_path), "--target", "http://127.0.0.1:9", "--provider-states-url", hook)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "--provider-states-url" in proc.stderr and "--allow-states-host" in proc.stderr


@pytest.mark.parametrize(("hook", "target", "allowed"), [
    ("http://127.0.0.1:5/s", "http://10.1.2.3:8000", True),        # loopback
    ("http://localhost:5/s", "http://10.1.2.3:8000", True),
    ("http://[::1]:5/s", "http://10.1.2.3:8000", True),
    ("http://API.internal:9/s", "http://api.internal:8000", True),  # the target's own host
    ("http://10.1.2.4:5/s", "http://10.1.2.3:8000", False),
    ("http://api.internal.evil.com/s", "http://api.internal:8000", False),
])
def test_the_hook_host_is_the_targets_or_loopback(hook, target, allowed):
    from apilint.errors import InputError
    from apilint.replay.states import check_hook_host
    from apilint.target import parse_target

    if allowed:
        assert check_hook_host(hook, parse_target(target)) == hook
    else:
        with pytest.raises(InputError, match="--allow-states-host"):
            check_hook_host(hook, parse_target(target))
        assert check_hook_host(hook, parse_target(target), allow_any_host=True) == hook
