"""A bidi- and client-streaming test service without generated code: ``python server.py`` prints its port."""

from __future__ import annotations

import os
import sys
from concurrent import futures

import grpc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))

from apilint.grpc.descriptors import Services


def main() -> None:
    line = Services.compile(os.path.dirname(os.path.abspath(__file__))).method("/test.echo.v1.Echo/Chat").request

    def chat(requests, context):
        for request in requests:
            yield line(text=f"echo {request.text}")

    def collect(requests, context):
        return line(text="+".join(r.text for r in requests))

    codec = {"request_deserializer": line.FromString, "response_serializer": line.SerializeToString}
    handler = grpc.method_handlers_generic_handler("test.echo.v1.Echo", {
        "Chat": grpc.stream_stream_rpc_method_handler(chat, **codec),
        "Collect": grpc.stream_unary_rpc_method_handler(collect, **codec),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=(handler,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
