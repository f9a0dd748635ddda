"""The mitmproxy addon: capture, enforce, hand off; never hurt the traffic.

Hooks do the least possible work on the request path: take references to the facts of the
exchange (``capture.snapshot``: bytes and tuples mitmproxy already holds, nothing decoded) and put
them on the recorder's bounded inbox. Decoding, parsing, redaction, validation and disk I/O happen
in the writer. Only ``--enforce`` validates inline, because it must answer before the request
reaches the service. Every hook is fail-open: an exception is counted and logged and the flow goes
on untouched. The one exception is ``--enforce`` meeting a request it cannot judge (too deep to
validate, too large to decode within the cap): that request is rejected with 400, never waved through.
"""

from __future__ import annotations

import asyncio
import fnmatch
import gc
import logging
import os
import random
import time
from typing import Any

from apilint.errors import InputError
from apilint.proxy import grpc_capture
from apilint.proxy.metrics import Metrics, serve
from apilint.proxy.prom import Exporter, private_dir, remove_dir
from apilint.proxy.sink import log_error
from apilint.proxy.spec import load_spec
from apilint.proxy.validation import SpecValidator, problem, unjudged
from apilint.proxy.writer_pool import WorkerRecorder, check_workers
from apilint.proxy.writer_process import PRIORITIES
from apilint.proxy.writer_thread import Recorder
from apilint.recording.capture import decoded_body, header_pairs, header_value, query_pairs, snapshot
from apilint.recording.redaction import Redactor, config_for
from apilint.recording.segments import SegmentWriter

log = logging.getLogger("apilint.proxy")


class ApilintRecorder:
    def __init__(self) -> None:
        self.metrics = Metrics()
        self.recorder: Recorder | WorkerRecorder | None = None
        self.validator: SpecValidator | None = None
        self.spec: dict | None = None
        self._metrics_server: Any = None
        self.exporter: Exporter | None = None
        self._own_metrics_dir: str | None = None
        self.busy: dict[str, int] = {}  # client connection id -> exchanges in flight on it
        self.quiet_since: dict[str, float] = {}  # once stopping: when a connection's last exchange ended
        self.stopping = False  # set on SIGTERM: answers close their connection so clients reconnect elsewhere
        self.grpc: Any = None  # apilint.proxy.grpc_hooks.GrpcHooks when fronting a gRPC service (--proto)

    # -- options and lifecycle ---------------------------------------------------------------
    def load(self, loader: Any) -> None:
        loader.add_option("apilint_out", str, "recordings/live", "Folder for recorded exchanges (JSONL segments).")
        loader.add_option("apilint_spec", str, "", "OpenAPI spec to validate live traffic against.")
        loader.add_option("apilint_enforce", bool, False, "Reject requests that violate the spec with 400.")
        loader.add_option("apilint_sample", float, 1.0, "Fraction of exchanges to record (0..1).")
        loader.add_option("apilint_include", str, "", "Comma-separated path globs to record (default: all).")
        loader.add_option("apilint_exclude", str, "", "Comma-separated path globs never to record.")
        loader.add_option("apilint_metrics", str, "", "HOST:PORT to serve Prometheus metrics on.")
        loader.add_option("apilint_queue", int, 10_000, "Exchanges that may wait for the writer.")
        loader.add_option("apilint_redact", str, "", "Comma-separated extra field/parameter/header names to redact.")
        loader.add_option("apilint_workers", int, 1, "Writer processes (0: a thread inside mitmproxy's process).")
        loader.add_option(
            "apilint_writer_priority",
            str,
            "idle",
            "CPU priority of the writer processes: idle (only CPU time nothing else wants), low (nice 19), normal.",
        )
        loader.add_option("apilint_proto", str, "", "Proto root of the gRPC service behind the proxy (h2c, decoding).")
        loader.add_option("apilint_rotate_mb", int, 64, "Rotate a segment after this many MiB.")
        loader.add_option("apilint_rotate_s", int, 3600, "Rotate a segment after this many seconds.")

    def configure(self, updated: set[str]) -> None:
        from mitmproxy import ctx

        opts = ctx.options
        self.sample = float(opts.apilint_sample)
        self.include = [g for g in opts.apilint_include.split(",") if g]
        self.exclude = [g for g in opts.apilint_exclude.split(",") if g]
        self.enforce = bool(opts.apilint_enforce)
        self.redact = [n for n in opts.apilint_redact.split(",") if n.strip()]
        if (refused := check_workers(opts.apilint_workers)) is not None:
            from mitmproxy import exceptions

            raise exceptions.OptionsError(refused.replace("--workers", "apilint_workers"))
        if opts.apilint_writer_priority not in PRIORITIES:
            from mitmproxy import exceptions

            raise exceptions.OptionsError(f"apilint_writer_priority must be one of {', '.join(PRIORITIES)}")
        if "apilint_spec" in updated or (self.enforce and self.validator is None):
            try:
                # Read and checked whatever the mode: a missing file or a Swagger 2.0 spec stops the
                # proxy at startup instead of leaving the writers to log it.
                self.spec = load_spec(opts.apilint_spec) if opts.apilint_spec else None
                # Built only to validate inline (--enforce): openapi-core takes seconds on a large spec.
                enforcing = self.enforce and self.spec is not None
                self.validator = SpecValidator(self.spec, opts.apilint_spec) if enforcing else None
            except InputError as exc:
                from mitmproxy import exceptions

                raise exceptions.OptionsError(str(exc)) from None
        if "apilint_proto" in updated or (self.grpc is not None and "apilint_enforce" in updated):
            self.grpc = self._grpc_hooks(opts.apilint_proto) if opts.apilint_proto else None
        if not self.enforce and opts.apilint_workers > 0:  # the writers validate; this heap stays small
            self.spec = None
        if self.recorder is None:
            self.recorder = self._make_recorder(opts)
            self.recorder.start()
            # What startup built (modules, the spec) lives as long as the proxy: keep it out of every
            # later collection, so collections stay short and do not stall the event loop.
            gc.collect()
            gc.freeze()
        if self.exporter is None:
            self._own_metrics_dir = private_dir()  # set already when `apilint proxy --procs N` made it
            self.exporter = Exporter(self.metrics)
            self.exporter.start()
        if opts.apilint_metrics and self._metrics_server is None:
            host, _, port = opts.apilint_metrics.rpartition(":")
            self._metrics_server = serve(self.exporter.render, host or "127.0.0.1", int(port))

    def _grpc_hooks(self, proto: str) -> Any:
        from apilint.grpc.descriptors import Services
        from apilint.proxy.grpc_hooks import GrpcHooks

        try:
            return GrpcHooks(Services.compile(proto), self.enforce)
        except InputError as exc:
            from mitmproxy import exceptions

            raise exceptions.OptionsError(str(exc)) from None

    def _make_recorder(self, opts: Any) -> Recorder | WorkerRecorder:
        if opts.apilint_workers > 0:
            spec_path = os.path.abspath(opts.apilint_spec) if opts.apilint_spec else ""
            return WorkerRecorder(
                opts.apilint_out,
                self.metrics,
                spec_path,
                opts.apilint_workers,
                opts.apilint_queue,
                opts.apilint_rotate_mb,
                opts.apilint_rotate_s,
                self.redact,
                opts.apilint_writer_priority,
                os.path.abspath(opts.apilint_proto) if opts.apilint_proto else "",
            )
        spec = self.spec
        segments = SegmentWriter(
            opts.apilint_out, max_bytes=opts.apilint_rotate_mb << 20, max_age_s=opts.apilint_rotate_s
        )
        make_validator = (lambda: SpecValidator(spec, opts.apilint_spec)) if spec is not None else None
        make_grpc = None
        if self.grpc is not None:
            from apilint.proxy.grpc_build import GrpcRecords
            from apilint.proxy.grpc_validation import GrpcValidator

            services = self.grpc.services
            make_grpc = lambda redactor: GrpcRecords(services, redactor, GrpcValidator(services))  # noqa: E731
        return Recorder(
            segments, self.metrics, Redactor(config_for(self.redact)), make_validator, max_queue=opts.apilint_queue,
            make_grpc=make_grpc,
        )

    def done(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
        if self._metrics_server is not None:
            self._metrics_server.shutdown()
        if self.exporter is not None:
            self.exporter.close()
        remove_dir(self._own_metrics_dir)
        m = self.metrics
        log.info(
            "apilint proxy: captured=%d written=%d dropped=%d errors=%d violations=%d rejected=%d bodies_omitted=%d",
            m.total("apilint_proxy_captured_total"),
            m.total("apilint_proxy_written_total"),
            m.total("apilint_proxy_dropped_total"),
            m.total("apilint_proxy_errors_total"),
            m.total("apilint_proxy_violations_total"),
            m.total("apilint_proxy_rejected_total"),
            m.total("apilint_proxy_bodies_omitted_total"),
        )

    # -- traffic -----------------------------------------------------------------------------
    @property
    def inflight(self) -> int:
        return sum(self.busy.values())

    def client_connected(self, client: Any) -> None:
        if self.stopping:  # taken from the accept queue: its request may not be read yet
            self.quiet_since[client.id] = time.monotonic()

    def next_layer(self, nextlayer: Any) -> None:
        if self.grpc is not None:
            self.grpc.next_layer(nextlayer)

    def server_connect(self, data: Any) -> None:
        if self.grpc is not None:
            self.grpc.server_connect(data)

    def requestheaders(self, flow: Any) -> None:
        cid = flow.client_conn.id
        self.busy[cid] = self.busy.get(cid, 0) + 1
        if self.grpc is not None:
            try:
                self.grpc.requestheaders(flow)
            except Exception as exc:
                self._fail("grpc", exc)

    def responseheaders(self, flow: Any) -> None:
        if self.grpc is not None:
            try:
                self.grpc.responseheaders(flow)
            except Exception as exc:
                self._fail("grpc", exc)

    def _ended(self, flow: Any) -> None:
        cid = flow.client_conn.id
        left = self.busy.get(cid, 1) - 1
        if left > 0:
            self.busy[cid] = left
        else:
            self.busy.pop(cid, None)
        if self.stopping:
            self.quiet_since[cid] = time.monotonic()

    async def request(self, flow: Any) -> None:
        if self.grpc is not None and self.grpc.is_call(flow):
            await self._enforce_grpc(flow)
            return
        if not self.enforce or self.validator is None:
            return
        try:
            req = flow.request
            target = req.path
            path = target.partition("?")[0]
            operation = self.validator.operation(req.method, path)
            if operation is None:
                return  # unknown operations pass; they are recorded as violations
            fields = req.data.headers.fields
            raw = req.raw_content
            if raw and header_value(fields, b"content-encoding"):  # bounded, and off the event loop
                body, omitted = await asyncio.to_thread(decoded_body, raw, fields)
            else:
                body, omitted = raw or None, None
            if omitted is not None:  # too large to judge: not waved through
                self._reject(flow, operation, [unjudged("body", f"decoded body over the limit ({omitted['omitted']})")])
                return
            try:
                violations = self.validator.request(
                    req.method,
                    path,
                    query_pairs(target),
                    header_pairs(fields),
                    body,
                    header_value(fields, b"content-type"),
                )
            except (RecursionError, MemoryError) as exc:  # 100,000 '[': what cannot be judged is not let through
                self._fail("enforce", exc)
                self._reject(
                    flow, operation, [unjudged("body", f"the request could not be validated ({type(exc).__name__})")]
                )
                return
            flow.metadata["apilint_validated"] = (operation, violations)
            if violations:
                self._reject(flow, operation, violations)
        except Exception as exc:
            self._fail("enforce", exc)

    async def _enforce_grpc(self, flow: Any) -> None:
        try:
            violations = await self.grpc.enforce(flow)
            if violations is None:
                return
            operation = flow.request.path.partition("?")[0]
            flow.metadata["apilint_validated"] = (operation, violations)
            if violations:
                self.metrics.inc("apilint_proxy_rejected_total", operation=operation)
                self.grpc.reject(flow, violations)
        except Exception as exc:
            self._fail("enforce", exc)

    def _reject(self, flow: Any, operation: str, violations: list) -> None:
        from mitmproxy import http

        flow.metadata["apilint_validated"] = (operation, violations)
        self.metrics.inc("apilint_proxy_rejected_total", operation=operation)
        flow.response = http.Response.make(
            400, problem(violations, operation), {"content-type": "application/problem+json"}
        )

    def response(self, flow: Any) -> None:
        self._ended(flow)
        if self.stopping and flow.request.http_version.startswith("HTTP/1"):  # HTTP/2 forbids the header
            flow.response.headers["connection"] = "close"
        try:
            self._capture(flow)
        except Exception as exc:
            self._fail("capture", exc)

    def error(self, flow: Any) -> None:
        if flow.response is None:
            self._ended(flow)

    def _capture(self, flow: Any) -> None:
        if self.recorder is None:
            return
        if self.sample < 1.0 and random.random() >= self.sample:
            self.metrics.inc("apilint_proxy_dropped_total", reason="sampled_out")
            return
        if self.include or self.exclude:
            path = flow.request.path.partition("?")[0]
            if self.include and not any(fnmatch.fnmatchcase(path, g) for g in self.include):
                return
            if self.exclude and any(fnmatch.fnmatchcase(path, g) for g in self.exclude):
                return
        take = grpc_capture.snapshot if self.grpc is not None and self.grpc.is_call(flow) else snapshot
        self.recorder.submit(take(flow, flow.metadata.get("apilint_validated")))

    def _fail(self, stage: str, exc: BaseException) -> None:
        self.metrics.inc("apilint_proxy_errors_total", stage=stage)
        log_error(stage, exc)
