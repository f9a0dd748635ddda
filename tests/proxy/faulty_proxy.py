"""`apilint proxy` with faults injected into the addon, for the fail-open tests.

Runs the real command in a real process, after making three stages of the addon raise:
the capture hook (GET /v1/orders/<id>), the inline --enforce validation (every request) and the
record builder in the writer thread (every POST).
"""

from __future__ import annotations

import sys

import apilint.proxy.addon as addon
import apilint.proxy.sink as sink
from apilint.cli import main
from apilint.proxy.validation import SpecValidator

real_snapshot, real_build = addon.snapshot, sink.build


def snapshot(flow, *args):  # type: ignore[no-untyped-def]
    if flow.request.path.startswith("/v1/orders/"):
        raise RuntimeError("injected capture fault")
    return real_snapshot(flow, *args)


def build(cap, *args):  # type: ignore[no-untyped-def]
    if cap.method == "POST":
        raise RuntimeError("injected record fault")
    return real_build(cap, *args)


def request(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise RuntimeError("injected validation fault")  # inline (--enforce) and in the writer


addon.snapshot = snapshot
sink.build = build
SpecValidator._request = request  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
