"""A writer process: ``python -m apilint.proxy.writer_process --out DIR [--spec SPEC] ...``.

Reads batches of captured exchanges from stdin (4-byte big-endian length + pickle, written by
``apilint.proxy.writer_pool``), builds, redacts, validates and writes them, and reports its counters on
stdout as one JSON line every half second and once at the end. It ignores SIGINT/SIGTERM: it stops
when stdin closes, after writing everything it was sent, so a Ctrl-C or a dying parent never tears a
record.

By default it runs at idle CPU priority (``--priority idle``, Linux ``SCHED_IDLE``): it gets the CPU
time nothing else wants, and whenever mitmproxy, the service or the client wakes up they run at once
instead of waiting behind a batch of recording work. When the CPU stays saturated, the writer falls
behind, the proxy's bounded inbox fills and exchanges are dropped and counted, which is the
sidecar's promise: recording never slows the traffic down.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import signal
import struct
import sys
import threading

from apilint.proxy.metrics import Metrics
from apilint.proxy.sink import RecordSink
from apilint.recording.redaction import Redactor, config_for
from apilint.recording.segments import SegmentWriter

REPORT_EVERY_S = 0.5


def read_frame(stream) -> bytes | None:  # type: ignore[no-untyped-def]
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    data = stream.read(size)
    return data if len(data) == size else None


def report(metrics: Metrics) -> None:
    try:
        sys.stdout.write(json.dumps(metrics.rows()) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):  # the proxy is gone; the records are on disk all the same
        pass


def _report_until(metrics: Metrics, done: threading.Event) -> None:
    while not done.wait(REPORT_EVERY_S):
        report(metrics)


PRIORITIES = ("idle", "low", "normal")


def lower_priority(priority: str) -> str:
    """Give this process (and the threads it starts later) the CPU priority asked for; returns the
    one it got. ``idle`` is SCHED_IDLE, ``low`` nice 19, ``normal`` leaves it alone."""
    if priority == "idle":
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return "idle"
        except (AttributeError, OSError):  # not Linux, or forbidden: the next best thing
            priority = "low"
    if priority == "low":
        try:
            os.setpriority(os.PRIO_PROCESS, 0, 19)
            return "low"
        except (AttributeError, OSError):
            pass
    return "normal"


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", default="rec")
    ap.add_argument("--rotate-mb", type=int, default=64)
    ap.add_argument("--rotate-s", type=int, default=3600)
    ap.add_argument("--spec")
    ap.add_argument("--proto")
    ap.add_argument("--redact", action="append", default=[])
    ap.add_argument("--priority", choices=PRIORITIES, default="normal")
    args = ap.parse_args(argv)
    lower_priority(args.priority)  # before any thread starts: threads inherit it
    log = logging.getLogger("apilint.proxy")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.propagate = False

    metrics = Metrics()
    segments = SegmentWriter(args.out, args.prefix, args.rotate_mb << 20, args.rotate_s)
    sink = RecordSink(segments, metrics, Redactor(config_for(args.redact)), None)
    if args.spec:
        try:
            from apilint.proxy.spec import load_spec
            from apilint.proxy.validation import SpecValidator

            sink.validator = SpecValidator(load_spec(args.spec), args.spec)
        except Exception as exc:  # recording goes on without validation
            sink.error("validator", exc)
    if args.proto:
        try:
            from apilint.proxy.grpc_build import grpc_records

            sink.grpc = grpc_records(args.proto, sink.redactor)
        except Exception as exc:  # checked by the proxy at startup; gRPC calls are then counted as errors
            sink.error("protos", exc)
    stdin = sys.stdin.buffer
    done = threading.Event()
    reporter = threading.Thread(target=_report_until, args=(metrics, done), daemon=True)
    reporter.start()
    while (frame := read_frame(stdin)) is not None:
        try:
            batch = pickle.loads(frame)
        except Exception as exc:
            sink.error("decode", exc)
            continue
        sink.write_batch(batch)
    sink.close()
    done.set()
    reporter.join()
    report(metrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
