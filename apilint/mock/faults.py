"""Latency and fault injection, globally (``--latency``, ``--fault``, ``--fault-rate``) or per
interaction (a contract interaction's ``mock:`` mapping: ``latency_ms``, ``fault``, ``fault_rate``).

``reset`` closes the connection with a TCP RST, ``timeout`` never answers (the connection stays open
until the client gives up), ``500`` answers a 500 problem+json. The per-interaction settings win.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import orjson

from apilint.errors import InputError
from apilint.mock.wire import HIT, message

RESET, TIMEOUT, ERROR = "reset", "timeout", "500"


@dataclass(frozen=True, slots=True)
class Delay:
    low_ms: float
    high_ms: float

    def seconds(self) -> float:
        return random.uniform(self.low_ms, self.high_ms) / 1000 if self.high_ms > self.low_ms else self.low_ms / 1000


def parse_latency(text: str | None) -> Delay | None:
    """``--latency MS`` or ``MIN-MAX`` (milliseconds, uniform)."""
    if text is None:
        return None
    found = re.fullmatch(r"(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?", text.strip())
    if not found:
        raise InputError(f"--latency {text!r}: expected milliseconds, MS or MIN-MAX (e.g. 50 or 20-200)")
    low = float(found.group(1))
    high = float(found.group(2) or low)
    if high < low or high > 600_000:
        raise InputError(f"--latency {text!r}: MIN-MAX with MIN <= MAX <= 600000")
    return Delay(low, high)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str  # reset | timeout | 500
    rate: float

    def fires(self) -> bool:
        return self.rate >= 1 or random.random() < self.rate


def fault_answer() -> tuple[bytes, bytes]:
    body = {"type": "urn:apilint:mock:fault", "title": "fault injected by apilint mock", "status": 500}
    return message(500, [("content-type", "application/problem+json"), ("x-apilint-fault", "500")],
                   orjson.dumps(body), HIT)


def parse_fault(kind: str | None, rate: float | None) -> Fault | None:
    if kind is None:
        if rate is not None:
            raise InputError("--fault-rate needs --fault reset|timeout|500")
        return None
    rate = 1.0 if rate is None else rate
    if not 0 <= rate <= 1:
        raise InputError(f"--fault-rate {rate:g}: expected a number from 0 to 1")
    return Fault(kind, rate)
