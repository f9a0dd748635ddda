"""A writer process: ``python -m apilint.proxy.worker --out DIR [--spec SPEC] ...``.

Reads batches of captured exchanges from stdin (4-byte big-endian length + pickle, written by
``apilint.proxy.workers``), builds, redacts, validates and writes them, and reports its counters on
stdout as one JSON line every half second and once at the end. It ignores SIGINT/SIGTERM: it stops
when stdin closes, after writing everything it was sent, so a Ctrl-C or a dying parent never tears a
record.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import signal
import struct
import sys
import threading

from apilint.proxy.metrics import Metrics
from apilint.proxy.recorder import RecordSink
from apilint.proxy.redaction import Redactor, config_for
from apilint.proxy.segments import SegmentWriter

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


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--prefix", default="rec")
    ap.add_argument("--rotate-mb", type=int, default=64)
    ap.add_argument("--rotate-s", type=int, default=3600)
    ap.add_argument("--spec")
    ap.add_argument("--redact", action="append", default=[])
    args = ap.parse_args(argv)
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
            from apilint.proxy.addon import load_spec
            from apilint.proxy.validation import SpecValidator

            sink.validator = SpecValidator(load_spec(args.spec))
        except Exception as exc:  # recording goes on without validation
            sink.error("validator", exc)
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
