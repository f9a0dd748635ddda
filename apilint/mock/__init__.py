"""``apilint mock``: recorded contracts served to consumers (docs/mock.md).

- ``source``: SOURCE folders and files -> interactions (the loader replay uses)
- ``request``: one parsed HTTP request; ``wire``: response bytes
- ``routes``: interactions compiled into what a request must hold (path template, query, headers,
  body) and what the answer echoes; ``answer``: rendering an answer (echoes, generated values, state)
- ``state``: ids handed out (``captures``) and accepted later
- ``router``: the one decision: a matched route, or a miss; ``miss``: the problem+json naming the
  nearest interaction and what differed
- ``journal``: used, never used, misses; ``faults``: latency and fault injection
- ``upstream``: ``--on-miss proxy`` (forward, and record with ``--record-to``)
- ``server``: the asyncio + httptools HTTP/1.1 server; ``app``: wiring them together
- ``grpc_app``, ``grpc_server``, ``grpc_run``: ``--proto``, the same routes and answers served to gRPC clients
"""
