"""The counters of every proxy process, added up with prometheus_client's multiprocess mode.

Each proxy process (``--procs N`` starts N) keeps its counters in ``Metrics`` (one lock, one dict
add: about a third of what a multiprocess ``Counter.inc`` costs, which writes to a memory-mapped
file) and flushes the increase since the last flush into prometheus_client counters every
``FLUSH_EVERY_S``, so they land in ``PROMETHEUS_MULTIPROC_DIR`` (one file per process). A process's
view includes the totals its writer processes report, so their counts arrive through it. The
process serving ``--metrics`` adds all files up with ``MultiProcessCollector`` and renders them in
the same text as before (``Metrics.render_snapshot``).

The folder is private: ``apilint proxy`` creates it before any process starts (``private_dir``)
and removes it at exit; the addon in a plain ``mitmdump`` creates its own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from typing import Any

from apilint.proxy.metrics import HELP, Metrics

ENV = "PROMETHEUS_MULTIPROC_DIR"
FLUSH_EVERY_S = 0.5
GAUGES = ("apilint_proxy_queue_depth",)


def private_dir() -> str | None:
    """Create the multiprocess folder and name it in the environment (children inherit it); returns
    it when this call created it (the caller removes it with ``remove_dir``), None when it was set."""
    if os.environ.get(ENV):
        return None
    path = tempfile.mkdtemp(prefix="apilint-metrics-")
    os.environ[ENV] = path
    return path


def remove_dir(path: str | None) -> None:
    if path:
        shutil.rmtree(path, ignore_errors=True)
        if os.environ.get(ENV) == path:
            del os.environ[ENV]


class Exporter:
    """Flushes one process's ``Metrics`` into the multiprocess folder; reads the sum of all."""

    def __init__(self, metrics: Metrics) -> None:
        import prometheus_client
        from prometheus_client import values

        # The value class (in memory or in the folder) is chosen at import: choose again, in case
        # something imported prometheus_client before ENV was set.
        values.ValueClass = values.get_value_class()
        self._prom = prometheus_client
        self.metrics = metrics
        self.registry = prometheus_client.CollectorRegistry()  # own registry: nothing else is exported
        self._counters: dict[str, Any] = {}
        self._gauges: dict[str, Any] = {}
        self._flushed: dict[tuple[str, tuple], float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="apilint-metrics-flush", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_EVERY_S):
            self.flush()

    def _counter(self, name: str, labelnames: tuple[str, ...]) -> Any:
        counter = self._counters.get(name)
        if counter is None:
            counter = self._prom.Counter(name, HELP.get(name, name), labelnames, registry=self.registry)
            self._counters[name] = counter
        return counter

    def flush(self) -> None:
        """Add what grew since the last flush (counters only grow) and set this process's gauges."""
        with self._lock:
            for name, series in self.metrics.counters().items():
                for key, value in series.items():
                    grown = value - self._flushed.get((name, key), 0)
                    if grown > 0:
                        counter = self._counter(name, tuple(k for k, _ in key))
                        (counter.labels(**dict(key)) if key else counter).inc(grown)
                        self._flushed[(name, key)] = value
            for name, value in self.metrics.gauge_values().items():
                gauge = self._gauges.get(name)
                if gauge is None:
                    gauge = self._prom.Gauge(name, HELP.get(name, name), registry=self.registry,
                                             multiprocess_mode="livesum")
                    self._gauges[name] = gauge
                gauge.set(value)

    def close(self) -> None:
        """Last flush; this process's gauges stop counting (its counters stay in the sum)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)
        self.flush()
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())

    def render(self) -> str:
        """All processes' counters, added up, in the text ``Metrics.render`` writes."""
        from prometheus_client import multiprocess

        self.flush()  # this process's latest, so what it just counted is served
        registry = self._prom.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, os.environ[ENV])
        snapshot: dict[str, dict[tuple, float]] = {}
        for family in registry.collect():
            for sample in family.samples:
                if family.type == "counter" and not sample.name.endswith("_total"):
                    continue  # _created
                name = sample.name if family.type == "counter" else family.name
                key = tuple(sorted(sample.labels.items()))
                series = snapshot.setdefault(name, {})
                series[key] = series.get(key, 0) + sample.value
        for name in GAUGES:
            snapshot.setdefault(name, {}).setdefault((), 0)
        return Metrics.render_snapshot(snapshot, set(GAUGES))
