"""The example orders service (v1) behind TLS, for the grpcs:// proxy test: ``python tls_service.py CERT KEY``
prints its port."""

from __future__ import annotations

import os
import sys
from concurrent import futures
from pathlib import Path

import grpc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path[:0] = [ROOT, os.path.join(ROOT, "examples", "grpc")]

import server as example  # noqa: E402  (examples/grpc/server.py)


def main() -> None:
    cert, key = (Path(path).read_bytes() for path in sys.argv[1:3])
    services = example.Services.compile(os.path.join(example.HERE, "protos"))
    service = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    service.add_generic_rpc_handlers((example.Orders("v1", services).handler(),))
    port = service.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([(key, cert)]))
    service.start()
    print(port, flush=True)
    service.wait_for_termination()


if __name__ == "__main__":
    main()
