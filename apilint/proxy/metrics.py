"""Counters of the sidecar, exported in the Prometheus text format on an optional HTTP port."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HELP = {
    "apilint_proxy_captured_total": "Exchanges handed to the recorder.",
    "apilint_proxy_written_total": "Records written to disk.",
    "apilint_proxy_dropped_total": "Records dropped, by reason (queue_full, write_error, sampled_out).",
    "apilint_proxy_redacted_total": "Values redacted, by side of the exchange.",
    "apilint_proxy_violations_total": "Spec violations, by operation, side and kind.",
    "apilint_proxy_rejected_total": "Requests turned away by --enforce.",
    "apilint_proxy_bodies_omitted_total": "Bodies recorded without content, by side and reason.",
    "apilint_proxy_segments_recreated_total": "Segments started again because the out folder or file was deleted.",
    "apilint_proxy_errors_total": "Errors inside the recorder (traffic passed untouched), by stage.",
    "apilint_proxy_grpc_undecoded_total": "gRPC calls passed through and recorded without their messages, by reason.",
    "apilint_proxy_queue_depth": "Records waiting for the writer.",
}


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Thread-safe labelled counters; cheap enough for the request path (one lock, one dict add)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, dict[tuple[tuple[str, str], ...], float]] = defaultdict(dict)
        self.gauges: dict[str, object] = {}  # name -> callable returning a number
        self.live: dict[str, object] = {}  # counter name -> callable returning its total (kept elsewhere)
        self._external: dict[str, list] = {}  # source -> rows reported by a writer process

    def rows(self) -> list:
        """All series as ``[name, labels, value]`` (what a writer process reports)."""
        with self._lock:
            return [[n, dict(k), v] for n, series in self._values.items() for k, v in series.items()]

    def set_external(self, source: str, rows: list) -> None:
        """Replace the counters last reported by ``source`` (they are totals, not deltas)."""
        with self._lock:
            self._external[source] = rows

    def _merged(self) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
        with self._lock:
            merged = {name: dict(series) for name, series in self._values.items()}
            for name, getter in self.live.items():
                series = merged.setdefault(name, {})
                series[()] = series.get((), 0) + getter()  # type: ignore[operator]
            for rows in self._external.values():
                for name, labels, value in rows:
                    key = tuple(sorted(labels.items()))
                    series = merged.setdefault(name, {})
                    series[key] = series.get(key, 0) + value
        return merged

    def counters(self) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
        """Every counter's series: this process's, its live totals and its writers' reports."""
        return self._merged()

    def gauge_values(self) -> dict[str, float]:
        return {name: float(getter()) for name, getter in self.gauges.items()}  # type: ignore[operator]

    def inc(self, name: str, amount: float = 1, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            series = self._values[name]
            series[key] = series.get(key, 0) + amount

    def get(self, name: str, **labels: str) -> float:
        return self._merged().get(name, {}).get(tuple(sorted(labels.items())), 0)

    def total(self, name: str) -> float:
        return sum(self._merged().get(name, {}).values())

    def render(self) -> str:
        snapshot = self._merged()
        for name, value in self.gauge_values().items():
            snapshot.setdefault(name, {})[()] = value
        return self.render_snapshot(snapshot, set(self.gauges))

    @staticmethod
    def render_snapshot(snapshot: dict[str, dict[tuple[tuple[str, str], ...], float]], gauges: set[str]) -> str:
        """Prometheus text format 0.0.4 of ``{name: {labels: value}}``."""
        lines: list[str] = []
        for name in sorted(snapshot):
            kind = "gauge" if name in gauges else "counter"
            lines.append(f"# HELP {name} {HELP.get(name, name)}")
            lines.append(f"# TYPE {name} {kind}")
            for labels, value in sorted(snapshot[name].items()):
                label_text = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
                shown = int(value) if float(value).is_integer() else value
                lines.append(f"{name}{{{label_text}}} {shown}" if label_text else f"{name} {shown}")
        return "\n".join(lines) + "\n"


def serve(render: Callable[[], str], host: str, port: int) -> ThreadingHTTPServer:
    """Serve ``GET /metrics`` on a daemon thread; the caller shuts the server down."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] not in ("/metrics", "/"):
                self.send_error(404)
                return
            body = render().encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # no access log on stderr
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="apilint-metrics", daemon=True).start()
    return server
