"""Behaviour of polling-endpoint."""

import pytest

from ._lint import HEAD, findings, op


def _feed(path: str, param: str, media: str, param_schema: str) -> str:
    extra = f"      parameters:\n        - {{name: {param}, in: query, schema: {{type: string, {param_schema}}}}}\n"
    spec = HEAD + "paths:\n" + op(path, op_id="listThings", extra=extra)
    return spec.replace("{'200': {description: OK}}",
                        f"{{'200': {{description: OK, content: {{'{media}': {{schema: {{type: string}}}}}}}}}}")


@pytest.mark.parametrize(("path", "param", "media", "param_schema", "flagged"), [
    ("/v1/notifications", "since", "application/json", "format: date-time", 1),  # a feed polled with since
    ("/v1/orders", "since", "application/json", "format: date-time", 0),  # not a feed
    ("/v1/events", "since", "text/event-stream", "format: date-time", 0),  # a streamed feed
    ("/v1/events", "after", "application/json", "maxLength: 64", 0),  # an `after` cursor is not a timestamp
], ids=["since-on-feed", "since-on-non-feed", "streamed-feed", "after-cursor"])
def test_polling_endpoint(tmp_path, path, param, media, param_schema, flagged):
    assert len(findings(tmp_path, _feed(path, param, media, param_schema), "polling-endpoint")) == flagged
