"""One call that does what ``apilint replay`` does: load, plan, shard, send, compare."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator

from apilint.errors import InputError, shown_path
from apilint.replay.engine import Replayer
from apilint.replay.flows import plan, shard
from apilint.replay.generated import unmade
from apilint.replay.loading import load
from apilint.replay.model import Result
from apilint.replay.redacted import Filler
from apilint.replay.spec import SpecCheck
from apilint.replay.states import StateHook, check_hook_host
from apilint.target import is_grpc_url, parse_grpc_target, parse_target


@contextlib.contextmanager
def _calm_gc() -> Iterator[Callable[[], None]]:
    """Keep the cyclic GC from rescanning every loaded interaction again and again (it cost ~40% of a
    20,000-interaction replay): loaded data is frozen out of collection and young collections run less
    often. Restored afterwards."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 50_000), threshold[1], threshold[2])
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def replay(source: str, target: str, *, concurrency: int = 16, headers: dict[str, str] | None = None,
           spec: str | None = None, shard_of: tuple[int, int] = (1, 1), timeout: float = 30.0,
           progress: Callable[[int, int, int], None] | None = None,
           data: dict[str, str] | None = None,
           provider_states_url: str | None = None, allow_states_host: bool = False,
           proto: str | None = None) -> tuple[list[Result], list[str]]:
    """Results in recorded order, and notes about skipped (torn or wrong-shaped) recording lines.
    ``data``: values for redacted request fields (``redacted.Filler``); ``provider_states_url``: the
    hook that sets up the provider states interactions name (``states.StateHook``), on the target's host or
    loopback unless ``allow_states_host``; ``proto``: the proto root of a ``grpc://`` target (``grpc_send``).
    InputError (exit 2) for bad input and for a target nothing listens on."""
    grpc = is_grpc_url(target)
    where = parse_grpc_target(target) if grpc else parse_target(target)
    hook = None
    if provider_states_url:
        hook = StateHook(check_hook_host(provider_states_url, where, allow_states_host), timeout)
    skipped: list[str] = []
    with _calm_gc() as freeze:
        interactions = load(source, skipped)
        if grpc or any(it.grpc for it in interactions):  # grpcio is imported only for gRPC calls
            from apilint.replay.grpc_send import check_protocols

            check_protocols(interactions, grpc, proto, source)
        kept = unmade(interactions)
        if kept:
            kinds = ", ".join(f"{kind} x{count}" for kind, count in sorted(kept.items()))
            skipped.append(f"{sum(kept.values())} request generator(s) apilint does not make ({kinds}): "
                           "the pact's examples are sent there")
        try:
            planned = plan(interactions)
        except ValueError as exc:
            raise InputError(str(exc), shown_path(source)) from None
        index, count = shard_of
        selected = shard(planned, index, count) if count > 1 else list(range(len(interactions)))
        checker = SpecCheck(spec) if spec else None
        services = None
        if grpc and proto:
            from apilint.grpc.descriptors import Services

            services = Services.compile(proto)
        if selected:
            where.check_reachable(min(timeout, 10.0))
        freeze()
        if services is not None:
            from apilint.replay.grpc_send import GrpcReplayer

            replayer: Replayer = GrpcReplayer(planned, where, headers or {}, services, timeout, Filler(data), hook)
        else:
            replayer = Replayer(planned, where, where.headers(headers or {}), checker, timeout, Filler(data), hook)
        results = asyncio.run(replayer.run(selected, concurrency, progress))
    return results, skipped
