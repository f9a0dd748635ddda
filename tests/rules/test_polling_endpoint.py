from ._lint import HEAD, findings, op


def _feed(path: str, param: str, media: str = "application/json") -> str:
    extra = f"      parameters:\n        - {{name: {param}, in: query, schema: {{type: string, format: date-time}}}}\n"
    spec = HEAD + "paths:\n" + op(path, op_id="listThings", extra=extra)
    return spec.replace("{'200': {description: OK}}",
                        f"{{'200': {{description: OK, content: {{'{media}': {{schema: {{type: string}}}}}}}}}}")


def test_since_on_event_feed_flagged(tmp_path):
    assert len(findings(tmp_path, _feed("/v1/notifications", "since"), "polling-endpoint")) == 1


def test_since_on_non_feed_and_streamed_feed_not_flagged(tmp_path):
    assert findings(tmp_path, _feed("/v1/orders", "since"), "polling-endpoint") == []
    assert findings(tmp_path, _feed("/v1/events", "since", "text/event-stream"), "polling-endpoint") == []


def test_after_cursor_is_not_a_timestamp(tmp_path):
    spec = _feed("/v1/events", "after").replace("format: date-time", "maxLength: 64")
    assert findings(tmp_path, spec, "polling-endpoint") == []
