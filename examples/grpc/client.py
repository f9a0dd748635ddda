"""Send the example orders service a small, fixed session of calls (what a consumer would do), e.g. through
``apilint proxy`` so there is something to record: ``python examples/grpc/client.py 127.0.0.1:8081``.

Get an order, a missing one, a page of orders, create one (with a customer e-mail and a bearer token in the
metadata: the recording must show them redacted), an invalid create, and watch an order's events."""

from __future__ import annotations

import argparse
import json
import os

from apilint.grpc.client import Caller
from apilint.grpc.descriptors import Services

HERE = os.path.dirname(os.path.abspath(__file__))
RPC = "/shop.orders.v1.OrderService/"
TOKEN = [("authorization", "Bearer example-secret-token")]

SESSION = [
    ("GetOrder", {"order_id": "1001"}),
    ("GetOrder", {"order_id": "404"}),
    ("ListOrders", {"page_size": 1}),
    ("CreateOrder", {"order": {"customer_email": "grace@example.com", "sku": "LAMP-7", "quantity": 2},
                     "request_id": "req-1"}),
    ("CreateOrder", {"order": {"customer_email": "grace@example.com", "sku": "LAMP-7", "quantity": 0}}),
    ("WatchOrder", {"order_id": "1001"}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("address", help="HOST:PORT of the service (or of apilint proxy in front of it)")
    args = parser.parse_args()
    services = Services.compile(os.path.join(HERE, "protos"))
    with Caller(args.address) as caller:
        for name, request in SESSION:
            outcome = caller.call(services.method(RPC + name), [request], TOKEN)
            if outcome.code:
                print(f"{name:<12} {outcome.status:<17} {outcome.message}")
                continue
            answer = outcome.responses if len(outcome.responses) != 1 else outcome.responses[0]
            print(f"{name:<12} {outcome.status:<17} {json.dumps(answer)[:90]}")


if __name__ == "__main__":
    main()
