"""The example gRPC orders service, one build at a time:
``python examples/grpc/server.py --build v1 --port 50051``.

- ``v1``: the service as its protos say (invalid input -> INVALID_ARGUMENT with a google.rpc.BadRequest).
- ``v2``: a breaking build: orders lose ``total_cents`` and an unknown order is INVALID_ARGUMENT, not NOT_FOUND.
- ``v3``: v1 with a planted bug: ``ListOrders`` with a ``page_size`` over 50 fails with INTERNAL and a traceback.

A real grpcio server. Its message classes are made at start-up from the protos in ``protos/`` (descriptors
compiled with grpcio-tools, the way apilint reads them), so the example ships no generated code.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import threading
import time
import traceback
from concurrent import futures

import grpc
from google.rpc import error_details_pb2, status_pb2

from apilint.grpc.descriptors import Services

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICE = "shop.orders.v1.OrderService"
BUILDS = ("v1", "v2", "v3")
PRICE_CENTS = 1250


class Orders:
    """The service's state and its four RPCs (one instance per server)."""

    def __init__(self, build: str, services: Services) -> None:
        self.build = build
        self.types = {m.name: m for m in services.methods.values() if m.service == SERVICE}
        self.order_class = self.types["GetOrder"].response
        self.lock = threading.Lock()
        self.ids = itertools.count(1001)
        self.orders: dict[str, object] = {}
        self.by_request_id: dict[str, str] = {}
        for sku, quantity in (("BOOK-1", 1), ("PEN-2", 3)):
            self._store("ada@example.com", sku, quantity)

    def _store(self, email: str, sku: str, quantity: int) -> object:
        order = self.order_class(order_id=str(next(self.ids)), customer_email=email, sku=sku, quantity=quantity,
                                 state=1, total_cents=quantity * PRICE_CENTS)
        order.create_time.FromSeconds(int(time.time()))
        self.orders[order.order_id] = order
        return order

    def _answer(self, order: object) -> object:
        answer = self.order_class()
        answer.CopyFrom(order)
        if self.build == "v2":
            answer.ClearField("total_cents")
        return answer

    def get_order(self, request, context):
        with self.lock:
            order = self.orders.get(request.order_id)
        if order is None:
            if self.build == "v2":
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"bad order id {request.order_id}")
            context.abort(grpc.StatusCode.NOT_FOUND, f"order {request.order_id} not found")
        return self._answer(order)

    def list_orders(self, request, context):
        if request.page_size > 50 and self.build == "v3":
            try:
                raise IndexError("page size past the page table")
            except IndexError:
                context.abort(grpc.StatusCode.INTERNAL, traceback.format_exc())
        if not 0 <= request.page_size <= 50:
            _invalid(context, [("page_size", "must be between 0 and 50")])
        size = request.page_size or 10
        start = int(request.page_token) if request.page_token.isdigit() else 0
        with self.lock:
            ids = sorted(self.orders)
            page = [self._answer(self.orders[i]) for i in ids[start:start + size]]
        more = start + size < len(ids)
        return self.types["ListOrders"].response(orders=page, next_page_token=str(start + size) if more else "")

    def create_order(self, request, context):
        problems = []
        if not request.HasField("order"):
            problems.append(("order", "is required"))
        else:
            order = request.order
            if "@" not in order.customer_email:
                problems.append(("order.customer_email", "must be an e-mail address"))
            if not 1 <= len(order.sku) <= 32:
                problems.append(("order.sku", "must be 1 to 32 characters"))
            if not 1 <= order.quantity <= 100:
                problems.append(("order.quantity", "must be between 1 and 100"))
        if problems:
            _invalid(context, problems)
        with self.lock:
            known = self.by_request_id.get(request.request_id) if request.request_id else None
            if known is not None:
                return self._answer(self.orders[known])
            created = self._store(order.customer_email, order.sku, order.quantity)
            if request.request_id:
                self.by_request_id[request.request_id] = created.order_id
        return self._answer(created)

    def watch_order(self, request, context):
        with self.lock:
            order = self.orders.get(request.order_id)
        if order is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"order {request.order_id} not found")
        event = self.types["WatchOrder"].response
        yield event(order_id=order.order_id, state=1, note="placed")
        yield event(order_id=order.order_id, state=2, note="shipped")

    def handler(self) -> grpc.GenericRpcHandler:
        def unary(name, function):
            method = self.types[name]
            return grpc.unary_unary_rpc_method_handler(function, request_deserializer=method.request.FromString,
                                                       response_serializer=method.response.SerializeToString)

        watch = self.types["WatchOrder"]
        return grpc.method_handlers_generic_handler(SERVICE, {
            "GetOrder": unary("GetOrder", self.get_order),
            "ListOrders": unary("ListOrders", self.list_orders),
            "CreateOrder": unary("CreateOrder", self.create_order),
            "WatchOrder": grpc.unary_stream_rpc_method_handler(
                self.watch_order, request_deserializer=watch.request.FromString,
                response_serializer=watch.response.SerializeToString),
        })


def _invalid(context, violations: list[tuple[str, str]]) -> None:
    """Abort with INVALID_ARGUMENT and a google.rpc.BadRequest naming each field."""
    detail = error_details_pb2.BadRequest()
    for field, description in violations:
        detail.field_violations.add(field=field, description=description)
    status = status_pb2.Status(code=grpc.StatusCode.INVALID_ARGUMENT.value[0], message="invalid request")
    status.details.add().Pack(detail)
    context.set_trailing_metadata((("grpc-status-details-bin", status.SerializeToString()),))
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "invalid request")


def serve(build: str, host: str, port: int) -> tuple[grpc.Server, int]:
    """Start a build; returns the server and the port it listens on (``port`` 0: a free one)."""
    services = Services.compile(os.path.join(HERE, "protos"))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((Orders(build, services).handler(),))
    bound = server.add_insecure_port(f"{host}:{port}")
    server.start()
    return server, bound


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", choices=BUILDS, default=os.environ.get("ORDERS_BUILD", "v1"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50051)
    args = parser.parse_args()
    server, port = serve(args.build, args.host, args.port)
    print(f"orders {args.build} listening on {args.host}:{port}", flush=True)
    try:
        server.wait_for_termination()
    except KeyboardInterrupt:
        server.stop(0)
    sys.exit(0)


if __name__ == "__main__":
    main()
