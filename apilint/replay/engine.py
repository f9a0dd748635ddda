"""Send the planned interactions with aiohttp (measured fastest: see docs/replay.md) and compare."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from random import Random
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
from yarl import URL

from apilint.recording.captures import variable
from apilint.replay.compare import Comparison, media_type
from apilint.replay.fastjson import loads
from apilint.replay.flows import Plan, lookup, substitute, substitute_path, substitute_text
from apilint.replay.generated import apply_fresh, apply_generators
from apilint.replay.model import BREAKING, WARNING, Difference, Interaction, Received, Result
from apilint.replay.redacted import Filler, is_redacted
from apilint.replay.samples import concrete
from apilint.replay.spec import SpecCheck
from apilint.replay.states import StateFailed, StateHook
from apilint.target import MAX_RESPONSE_BODY, Target, UnsafePath

_DROP = frozenset({"host", "content-length", "connection", "transfer-encoding", "accept-encoding",
                   "keep-alive", "te", "trailer", "upgrade", "proxy-connection"})


MAX_BODY = MAX_RESPONSE_BODY  # an endless (or too long) body fails its case (docs/replay.md)


class BodyTooLarge(Exception):
    pass


class Replayer:
    def __init__(self, plan: Plan, target: Target, headers: dict[str, str], spec: SpecCheck | None,
                 timeout: float = 30.0, filler: Filler | None = None, states: StateHook | None = None) -> None:
        self.plan = plan
        self.states = states
        self.target = target
        self.filler = filler or Filler()
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.spec = spec
        self.timeout = timeout
        self.responses: dict[int, tuple[Any, dict[str, str]]] = {}  # only of producers later requests use
        self._producers = {producer for links in (*plan.value_links, *plan.var_links)
                           for producer, _ in links.values()}
        # one watchdog instead of a timer per request: aiohttp's per-request timeouts cost ~30% throughput
        self._inflight: dict[Any, float] = {}
        self._expired: set[Any] = set()
        self.renamed: dict[str, Any] = {}
        self.rng = Random()  # a pact's request generators (apilint.replay.generated.apply_fresh)

    def _bindings(self, i: int, notes: list[Difference]) -> tuple[dict[str, Any], dict[str, Any]]:
        values: dict[str, Any] = {}
        variables: dict[str, Any] = {}
        for name in self.plan.unbound[i]:
            notes.append(Difference(WARNING, "unbound_variable", "request",
                                    f"{variable(name)} is not captured by an earlier interaction"))
        if not self.plan.value_links[i] and not self.plan.var_links[i]:
            return values, variables
        for links, out in ((self.plan.value_links[i], values), (self.plan.var_links[i], variables)):
            for name, (producer, at) in links.items():
                try:
                    body, headers = self.responses[producer]
                    out[name] = lookup(body, headers, at)
                except KeyError:
                    notes.append(Difference(WARNING, "link_broken", "request",
                                            f"'{name}' comes from an earlier response that no longer has it"))
        return values, variables

    def _request(self, it: Interaction, values: dict[str, Any], variables: dict[str, Any],
                 notes: list[Difference]) -> tuple[URL, dict[str, str], bytes | None]:
        path = it.path
        if values or "{{" in path:
            quoted = {k: quote(str(v), safe="-._~:@!$&'()*+,;=") for k, v in values.items()}
            path = substitute_path(path, quoted, {k: quote(str(v), safe="") for k, v in variables.items()})
        if is_redacted(path):
            path = "/".join(quote(self.filler.text(seg), safe="-._~:@!$&'()*+,;=") if is_redacted(seg) else seg
                            for seg in path.split("/"))
        query = [(k, self.filler.text(substitute_text(v, values, variables), k)) for k, v in it.query]
        url = URL(self.target.url(path, urlencode(query)), encoded=True)
        headers: dict[str, str] = {}
        for name, value in it.headers:
            if name in _DROP or name in self.headers:
                continue
            if is_redacted(value):
                notes.append(Difference(WARNING, "credential_missing", f"headers.{name}",
                                        "redacted in the recording and not supplied (--header or env)"))
                continue
            headers[name] = substitute_text(value, values, variables)
        headers.update(self.headers)
        data: bytes | None = None
        if it.body is not None:
            body = concrete(substitute(it.body, values, variables))
            data = json.dumps(body).encode()
            if b"<redacted:" in data or b"{{redacted" in data:
                data = json.dumps(self.filler.value(body)).encode()
            headers.setdefault("content-type", "application/json")
        elif it.body_text:
            data = self.filler.text(it.body_text).encode()
        return url, headers, data

    async def _one(self, session: aiohttp.ClientSession, i: int) -> Result:
        """One interaction, inside its provider states when a hook is given (set up before, torn down after)."""
        it = self.plan.interactions[i]
        if not (it.provider_states and self.states):
            result = await self._send(session, i, {})
        else:
            try:
                given = await self.states.setup(session, it.provider_states)
            except StateFailed as exc:
                given = None
                result = Result(it.key, it.name, it.source, it.method, it.path, it.expected.status, None,
                                [Difference(BREAKING, "provider_state_failed", "providerStates", str(exc))], 0, 0.0)
            if given is not None:
                result = await self._send(session, i, given)
            problem = await self.states.teardown(session, it.provider_states)
            if problem:
                result.differences.append(Difference(WARNING, "provider_state_failed", "providerStates", problem))
        result.consumer, result.provider = it.consumer, it.provider
        return result

    async def _send(self, session: aiohttp.ClientSession, i: int, given: dict[str, Any]) -> Result:
        """Send interaction ``i`` and compare; ``given``: values a provider-state hook gave its variables."""
        it = self.plan.interactions[i]
        notes: list[Difference] = []
        values, variables = self._bindings(i, notes)
        variables.update(given)
        if it.generators:
            it = apply_fresh(apply_generators(it, variables), self.rng)
        try:
            url, headers, data = self._request(it, values, variables, notes)
        except UnsafePath as exc:  # loading refuses such paths; a substituted value never makes one
            notes.append(Difference(BREAKING, "request_refused", "request", str(exc)))
            return Result(it.key, it.name, it.source, it.method, it.path, it.expected.status, None, notes, 0, 0.0)
        started = time.perf_counter()
        task = asyncio.current_task()
        self._inflight[task] = started
        try:
            async with session.request(it.method, url, headers=headers, data=data,
                                       allow_redirects=False) as resp:
                try:
                    raw = await _read_capped(resp, MAX_BODY)
                except BodyTooLarge as exc:
                    notes.append(Difference(BREAKING, "response_too_large", "body", str(exc)))
                    return Result(it.key, it.name, it.source, it.method, str(url.path), it.expected.status,
                                  resp.status, notes, 0, (time.perf_counter() - started) * 1000)
                received = _received(resp.status, resp.headers, raw)
        except (TimeoutError, aiohttp.ClientError, OSError, asyncio.CancelledError) as exc:
            error: BaseException = exc
            if isinstance(exc, asyncio.CancelledError):
                if task not in self._expired:
                    raise
                self._expired.discard(task)
                task.uncancel()
                error = TimeoutError(f"no response within {self.timeout:g}s")
            elapsed = (time.perf_counter() - started) * 1000
            notes.append(Difference(BREAKING, "transport_error", "request", f"{type(error).__name__}: {error}"))
            return Result(it.key, it.name, it.source, it.method, str(url.path), it.expected.status, None,
                          notes, 0, elapsed)
        finally:
            self._inflight.pop(task, None)
        elapsed = (time.perf_counter() - started) * 1000
        if i in self._producers:
            self.responses[i] = (received.body, received.headers)
        for value, at in self.plan.produced[i].items():
            try:
                self.renamed.setdefault(value, lookup(received.body, received.headers, at))
            except KeyError:
                pass
        comparison = Comparison(it.contract, self.renamed, variables)
        comparison.run(it.expected, received)
        differences = notes + comparison.differences
        if self.spec is not None:
            differences += self.spec.check(it.method, url.path, received)
        return Result(it.key, it.name, it.source, it.method, str(url.path), it.expected.status,
                      received.status, differences, comparison.noise, elapsed)

    async def run(self, selected: list[int], concurrency: int,
                  progress: Callable[[int, int, int], None] | None = None) -> list[Result]:
        chosen = set(selected)
        waiting = {i: len(self.plan.deps[i] & chosen) for i in selected}
        dependents: dict[int, list[int]] = {}
        for i in selected:
            for d in self.plan.deps[i] & chosen:
                dependents.setdefault(d, []).append(i)
        ready: asyncio.Queue[int | None] = asyncio.Queue()
        for i in selected:
            if waiting[i] == 0:
                ready.put_nowait(i)
        results: dict[int, Result] = {}
        total, breaking = len(selected), 0
        workers = max(1, min(concurrency, total))

        async def worker(session: aiohttp.ClientSession) -> None:
            nonlocal breaking
            while True:
                i = await ready.get()
                if i is None:
                    return
                result = await self._one(session, i)
                results[i] = result
                breaking += result.outcome == BREAKING
                if progress:
                    progress(len(results), total, breaking)
                for j in dependents.get(i, ()):
                    waiting[j] -= 1
                    if waiting[j] == 0:
                        ready.put_nowait(j)
                if len(results) == total:
                    for _ in range(workers):
                        ready.put_nowait(None)

        if total == 0:
            return []
        connector = aiohttp.TCPConnector(limit=concurrency, ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.timeout)
        watchdog = asyncio.create_task(self._watchdog())
        try:
            async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                             skip_auto_headers=("User-Agent",)) as session:
                await asyncio.gather(*(worker(session) for _ in range(workers)))
        finally:
            watchdog.cancel()
        return [results[i] for i in selected]


    async def _watchdog(self) -> None:
        tick = min(1.0, self.timeout / 4)
        while True:
            await asyncio.sleep(tick)
            limit = time.perf_counter() - self.timeout
            for task, started in list(self._inflight.items()):
                if started < limit and task not in self._expired:
                    self._expired.add(task)
                    task.cancel()


async def _read_capped(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    """The (decoded) body, or BodyTooLarge as soon as it passes ``limit`` bytes; nothing more is read."""
    declared = resp.content_length
    if declared is not None and declared > limit:
        raise BodyTooLarge(f"the response declares {declared} bytes, over the {limit >> 20} MiB limit")
    if declared is not None and "content-encoding" not in resp.headers:
        return await resp.read()  # the common case, and the fast one: exactly the declared bytes
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > limit:
            resp.close()
            raise BodyTooLarge(f"the response body passed the {limit >> 20} MiB limit; the rest was not read")
        chunks.append(chunk)
    return b"".join(chunks)


def _received(status: int, headers: Any, raw: bytes) -> Received:
    lowered = {k.lower(): v for k, v in headers.items()}
    content_type = lowered.get("content-type")
    body: Any = None
    text: str | None = None
    if raw:
        mt = media_type(content_type) or ""
        if "json" in mt:
            try:
                body = loads(raw)
            except ValueError:
                text = raw.decode("utf-8", "replace")
        else:
            text = raw.decode("utf-8", "replace")
    return Received(status, content_type, lowered, body, text)


class Progress:
    """A one-line progress bar on a terminal (stderr); silent otherwise."""

    def __init__(self, stream: Any = sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, breaking: int) -> None:
        now = time.monotonic()
        if not self.enabled or (done < total and now - self.last < 0.1):
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\rreplay [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
                          f"  breaking: {breaking}" + ("\n" if done == total else ""))
        self.stream.flush()
