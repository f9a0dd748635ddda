"""gRPC at runtime: decoding and encoding messages with descriptors compiled from ``--proto`` (no generated
code), so the proxy, contracts, replay, mock and fuzzer treat gRPC calls like REST exchanges.

- ``descriptors``: a proto root compiled into a pool; ``/pkg.Service/Method`` -> ``Method``
- ``wire``: the gRPC length-prefixed message framing (and its per-message gzip)
- ``codec``: message bytes <-> proto3 JSON (proto field names), unknown fields found
- ``status``: ``grpc-status`` / ``grpc-message`` / ``grpc-status-details-bin`` <-> code, message, details
- ``record``: the ``grpc`` part of a recorded exchange (docs/recording-format.md)
"""
