"""The prometheus_client multiprocess export renders the same text as the in-process counters."""

from __future__ import annotations

import pytest

from apilint.proxy import prom
from apilint.proxy.metrics import Metrics


@pytest.fixture
def metrics_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(prom.ENV, str(tmp_path))
    yield tmp_path
    monkeypatch.delenv(prom.ENV)
    from prometheus_client import values

    values.ValueClass = values.get_value_class()  # back to in-memory values for whoever comes next


def _counted() -> Metrics:
    m = Metrics()
    m.inc("apilint_proxy_written_total", 3)
    m.inc("apilint_proxy_dropped_total", reason="queue_full")
    m.inc("apilint_proxy_violations_total", kind="schema", operation='POST /v1/"orders"', side="request")
    m.gauges["apilint_proxy_queue_depth"] = lambda: 2
    m.live["apilint_proxy_captured_total"] = lambda: 8
    return m


def test_one_process_renders_exactly_what_metrics_renders(metrics_dir):
    m = _counted()
    exporter = prom.Exporter(m)
    assert exporter.render() == m.render()
    assert list(metrics_dir.iterdir())  # the counts went through the multiprocess folder

