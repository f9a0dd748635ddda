"""Client- and bidi-streaming calls through `apilint proxy`: streamed through live (a client that waits for
each answer before it sends the next message keeps working) and recorded as ordered message lists."""

from __future__ import annotations

import queue

import grpc

from apilint.grpc import codec
from apilint.grpc.descriptors import Services
from tests.grpc.proxying import ECHO, echo_service, grpc_proxy, records

CHAT, COLLECT = "/test.echo.v1.Echo/Chat", "/test.echo.v1.Echo/Collect"


def _ping_pong(address: str, line: type, words: list[str]) -> list[str]:
    """Send each word only after the answer to the previous one came back."""
    outbox: queue.Queue = queue.Queue()

    def requests():
        while (item := outbox.get()) is not None:
            yield item

    heard = []
    with grpc.insecure_channel(address) as channel:
        chat = channel.stream_stream(CHAT, request_serializer=bytes, response_deserializer=bytes)
        answers = chat(requests(), timeout=15)
        for word in words:
            outbox.put(line(text=word).SerializeToString())
            heard.append(line.FromString(next(answers)).text)
        outbox.put(None)
        assert list(answers) == []
    return heard


def test_bidi_and_client_streams_pass_live_and_are_recorded_in_order(tmp_path):
    out = str(tmp_path / "rec")
    line = Services.compile(ECHO).method(CHAT).request
    with echo_service() as upstream, grpc_proxy(upstream, out, proto=ECHO) as proxy:
        assert _ping_pong(proxy.address, line, ["a", "b", "c"]) == ["echo a", "echo b", "echo c"]
        with grpc.insecure_channel(proxy.address) as channel:
            collect = channel.stream_unary(COLLECT, request_serializer=bytes, response_deserializer=bytes)
            joined = collect(iter([line(text=w).SerializeToString() for w in ("x", "y")]), timeout=15)
        assert codec.decode(line, joined) == {"text": "x+y"}
        proxy.stop()
    by_method = {r["grpc"]["method"]: r for r in records(out)}
    chat = by_method["Chat"]
    assert chat["grpc"]["streaming"] == "bidi" and chat["grpc"]["status"] == "OK"
    assert chat["request"]["body"] == [{"text": "a"}, {"text": "b"}, {"text": "c"}]
    assert chat["response"]["body"] == [{"text": "echo a"}, {"text": "echo b"}, {"text": "echo c"}]
    assert by_method["Collect"]["request"]["body"] == [{"text": "x"}, {"text": "y"}]
    assert by_method["Collect"]["response"]["body"] == {"text": "x+y"}
