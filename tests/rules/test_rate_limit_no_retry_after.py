"""Behaviour of rate-limit-no-retry-after."""

from .helpers import found, spec


def test_shared_429_response_is_reported_once(tmp_path):
    # A components/responses/TooManyRequests used by every operation is one response to fix.
    ref = "responses:\n      '200': {description: OK}\n      '429': {$ref: '#/components/responses/TooMany'}"
    text = spec(f"/a:\n  get:\n    {ref}\n/b:\n  get:\n    {ref}\n",
                "responses:\n  TooMany: {description: Slow down}\n")
    assert len(found(tmp_path, text, "rate-limit-no-retry-after")) == 1
    inline = "responses:\n      '200': {description: OK}\n      '429': {description: Slow down}"
    assert len(found(tmp_path, spec(f"/a:\n  get:\n    {inline}\n/b:\n  get:\n    {inline}\n"),
                     "rate-limit-no-retry-after")) == 2


def test_retry_after_body_field_tells_when_to_retry(tmp_path):
    # Discord-style 429 body: {"message": "You are being rate limited.", "retry_after": 0.5, "global": false}
    def limited(props: str) -> str:
        return spec("/a:\n  get:\n    responses:\n      '200': {description: OK}\n      '429':\n"
                    "        description: Slow down\n        content:\n          application/json:\n"
                    f"            schema: {{type: object, properties: {props}}}\n")
    assert found(tmp_path, limited("{message: {type: string}, retry_after: {type: number}}"),
                 "rate-limit-no-retry-after") == []
    assert len(found(tmp_path, limited("{message: {type: string}, retryable: {type: boolean}}"),
                     "rate-limit-no-retry-after")) == 1
