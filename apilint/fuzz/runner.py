"""Drive schemathesis + hypothesis over every operation of a spec against a live build.

Operations that create things run first (so lists have pages to follow). For each operation the
recorded examples run first, then hypothesis generates ``max_examples`` valid and as many invalid
cases from the spec with a fixed seed. Every response goes through a few schemathesis built-in checks
and apilint's own; the first (shortest) failing case per operation and check is kept with its curl.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import hypothesis
import requests
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks
from schemathesis.transport.prepare import prepare_path

from apilint.fuzz import checks as live
from apilint.fuzz.capped import capped_session
from apilint.fuzz.schema import load_schema
from apilint.fuzz.seeds import seed_cases
from apilint.replay.redacted import Filler
from apilint.replay.spec import SpecCheck
from apilint.target import PATH_SAFE, Target

_ORDER = {"post": 0, "put": 1, "patch": 2, "get": 3, "head": 4, "options": 5, "delete": 6}


@dataclass
class Failure:
    operation: str
    check: str
    message: str
    curl: str  # the command that reproduces it (grpcurl for gRPC)
    size: int
    severity: str = "breaking"
    expected: Any = None
    actual: Any = None
    example: Any = None  # gRPC: the request message (JSON) that reproduces it


@dataclass
class FuzzRun:
    checked: dict[str, set[str]] = field(default_factory=dict)  # operation -> checks that ran
    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)
    cases: int = 0
    seeded: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)  # operations (and modes) the time budget left out
    skipped: list[str] = field(default_factory=list)  # recording lines the seeds could not use


def _builtin_checks() -> list[Any]:
    load_all_checks()
    from schemathesis.specs.openapi import checks as oas

    return [oas.status_code_conformance, oas.content_type_conformance, oas.response_schema_conformance]


def _check_name(failure: BaseException) -> str:
    for attr in ("check_name",):
        if getattr(failure, attr, None):
            return str(getattr(failure, attr))
    origin = getattr(failure, "origin", None) or getattr(failure, "exception", None)
    return getattr(origin, "check_name", None) or type(failure).__name__


def fuzz(spec_path: str, target: Target, *, headers: dict[str, str], max_examples: int, seed: int,
         recordings: str | None = None, filler: Filler | None = None, modes: tuple[GenerationMode, ...] =
         (GenerationMode.POSITIVE, GenerationMode.NEGATIVE), deadline_s: float = 600.0) -> FuzzRun:
    """``recordings``: a folder whose recorded requests run first, as explicit examples (``seeds``)."""
    schema = load_schema(spec_path)
    _reproducible_curls(schema)
    _stay_on(schema, target)
    base = target.base
    session = capped_session()
    live.STATE = live.FuzzState(SpecCheck(spec_path), base, headers, session)
    check_fns = _builtin_checks() + live.APILINT_CHECKS
    names = {fn: getattr(fn, "__name__", str(fn)) for fn in check_fns}
    run = FuzzRun()
    started = time.monotonic()
    operations = [r.ok() for r in schema.get_all_operations()]
    operations.sort(key=lambda op: (_ORDER.get(op.method.lower(), 9), op.path))
    seeds = seed_cases(recordings, operations, run.skipped, filler or Filler()) if recordings else {}

    def execute(case: Any) -> None:
        run.cases += 1
        try:
            response = case.call(base_url=base, session=session, headers=headers)
        except requests.RequestException as exc:
            run.errors.append(f"{case.operation.label}: {type(exc).__name__}: {exc}")
            return
        for fn in check_fns:
            name = names[fn]
            run.checked.setdefault(case.operation.label, set()).add(name)
            try:
                case.validate_response(response, checks=[fn], headers=headers)
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt | SystemExit | hypothesis.errors.StopTest):
                    raise
                found = getattr(exc, "exceptions", None) or [exc]
                message = "; ".join(_message(f) for f in found)
                curl = case.as_curl_command(headers=headers, base_url=base)
                key = (case.operation.label, name)
                known = run.failures.get(key)
                if known is None or len(curl) < known.size:
                    run.failures[key] = Failure(case.operation.label, name, message, curl, len(curl))

    for op in operations:
        if time.monotonic() - started > deadline_s:
            run.not_run.append(op.label)
            continue
        for case in seeds.get(op.label, []):
            run.seeded += 1
            execute(case)
        for mode in modes:
            if time.monotonic() - started > deadline_s:
                run.not_run.append(f"{op.label} ({mode.value} cases)")
                continue

            @hypothesis.seed(seed)
            @hypothesis.settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
                                 phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                                 verbosity=hypothesis.Verbosity.quiet)
            @hypothesis.given(case=op.as_strategy(generation_mode=mode))
            def explore(case: Any) -> None:
                execute(case)

            try:
                explore()
            except hypothesis.errors.Unsatisfiable:
                run.notes.append(f"{op.label}: no {mode.value} cases can be generated from the spec")
    session.close()
    live.STATE = None
    return run


def _stay_on(schema: Any, target: Target) -> None:
    """Every URL schemathesis sends to (cases, seeds, the checks' re-sends, printed curls) is built by
    ``Target.url``: scheme, host and port from ``--target`` only, whatever a path parameter holds."""

    def build_request_url(case: Any, base_url: str) -> str:
        return target.url(quote(prepare_path(case.path, case.path_parameters), safe=PATH_SAFE))

    schema.build_request_url = build_request_url


def _reproducible_curls(schema: Any) -> None:
    """Keep credentials out of printed curl commands, but not idempotency keys and page tokens:
    schemathesis hides anything named like "key" or "token", which makes the command not reproduce."""
    from schemathesis.config._output import DEFAULT_KEYS_TO_SANITIZE, DEFAULT_SENSITIVE_MARKERS, SanitizationConfig

    markers = tuple(m for m in DEFAULT_SENSITIVE_MARKERS if m not in ("token", "key"))
    markers += ("access_token", "refresh_token", "id_token", "api_key", "apikey", "api-key", "private_key")
    keys = tuple(k for k in DEFAULT_KEYS_TO_SANITIZE if k not in ("idempotency-key",))
    schema.config.output.sanitization = SanitizationConfig(keys_to_sanitize=keys, sensitive_markers=markers)


def _message(failure: BaseException) -> str:
    title = getattr(failure, "title", None)
    message = getattr(failure, "message", None) or str(failure)
    text = f"{title}: {message}" if title and title not in message else message
    text = re.sub(r"^Custom check failed: `\w+`:\s*", "", text)
    return " ".join(text.split())[:500]
