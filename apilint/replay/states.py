"""The provider-state hook (``apilint replay --provider-states-url URL``), called as Pact verifiers call it.

Before an interaction that names provider states, each state is set up with a POST of
``{"state": NAME, "params": {...}, "action": "setup"}`` to the URL, and torn down after it with
``"action": "teardown"``. A JSON object the hook answers to a setup gives values to the interaction's
``{{var:NAME}}`` (Pact's ``ProviderState`` generators, ``${NAME}``). Requests go to that URL only, redirects
are not followed, each call has the replay timeout; a hook that fails fails its interaction, not the run.
The hook's host must be the ``--target``'s host or loopback unless ``--allow-states-host`` says otherwise: the
calls carry interaction data from files anyone can change in a pull request (docs/security.md).
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from apilint.errors import InputError
from apilint.target import Target

ALLOW_FLAG = "--allow-states-host"


class StateFailed(Exception):
    pass


def parse_hook_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"--provider-states-url {url!r}: expected an http(s)://host[:port]/path URL")
    return url


def _loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_hook_host(url: str, target: Target, allow_any_host: bool = False) -> str:
    """``url`` when its host is the target's host or loopback (or ``allow_any_host``), else InputError."""
    host = urlsplit(parse_hook_url(url)).hostname or ""
    if allow_any_host or host.lower() == target.host.lower() or _loopback(host):
        return url
    raise InputError(f"--provider-states-url {url!r}: host {host!r} is neither the --target's host "
                     f"({target.host}) nor loopback; pass {ALLOW_FLAG} to send provider states there")


class StateHook:
    def __init__(self, url: str, timeout: float) -> None:
        self.url = parse_hook_url(url)
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    async def _call(self, session: aiohttp.ClientSession, state: dict[str, Any], action: str) -> dict[str, Any]:
        call = {"state": state.get("name", ""), "params": state.get("params") or {}, "action": action}
        what = f"provider state {call['state']!r} {action}"
        try:
            async with session.post(self.url, json=call, timeout=self.timeout, allow_redirects=False) as resp:
                raw = await resp.content.read(1 << 20)
                if resp.status >= 300:
                    raise StateFailed(f"{what}: the hook answered {resp.status}")
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise StateFailed(f"{what}: {type(exc).__name__}: {exc or 'no answer in time'}") from None
        try:
            answer = json.loads(raw) if raw.strip() else {}
        except ValueError:
            answer = {}  # a hook may answer text; only a JSON object gives values
        return answer if isinstance(answer, dict) else {}

    async def setup(self, session: aiohttp.ClientSession, states: list[dict[str, Any]]) -> dict[str, Any]:
        """The values the hook gave, over all states; StateFailed when one setup failed."""
        given: dict[str, Any] = {}
        for state in states:
            given.update(await self._call(session, state, "setup"))
        return given

    async def teardown(self, session: aiohttp.ClientSession, states: list[dict[str, Any]]) -> str | None:
        """Why a teardown failed (all are tried), or None."""
        problem = None
        for state in reversed(states):
            try:
                await self._call(session, state, "teardown")
            except StateFailed as exc:
                problem = problem or str(exc)
        return problem
