"""A small orders service in three builds, for trying replay and fuzzing on something real.

* ``v1``    -- the reference build, described by ``openapi.yaml``.
* ``v2``    -- a breaking release: responses call the id ``id`` instead of ``order_id`` and
  ``POST /v1/orders`` answers ``200`` instead of ``201`` (``openapi-v2.yaml``).
* ``buggy`` -- v1 with planted semantic bugs: the ``Idempotency-Key`` does not dedupe, following
  ``next_page_token`` returns overlapping pages, and a malformed ``page_token`` gives a 500 whose
  body carries a Python stack trace.

Select the build with ``ORDERS_BUILD`` (for ``uvicorn app:app``) or ``create_app(build)``.
"""

from __future__ import annotations

import base64
import os
import traceback
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

BUILDS = ("v1", "v2", "buggy")
Status = Literal["PENDING", "PAID", "SHIPPED", "CANCELLED"]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_id: str = Field(min_length=1, max_length=64)
    quantity: int = Field(ge=1, le=1000)


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: str = Field(min_length=1, max_length=64)
    items: list[Item] = Field(min_length=1, max_length=20)
    note: str | None = Field(default=None, max_length=500)


class OrderUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Status | None = None
    note: str | None = Field(default=None, max_length=500)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error(request: Request, status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    rid = request.state.request_id
    body = {"error": {"code": code, "message": message, "request_id": rid, **extra}}
    return JSONResponse(body, status_code=status, headers={"x-request-id": rid})


def _encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _decode_token(token: str) -> int:
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    kind, _, number = raw.partition(":")
    if kind != "o" or int(number) < 0:
        raise ValueError(f"bad page token {raw!r}")
    return int(number)


def create_app(build: str = "v1") -> FastAPI:
    if build not in BUILDS:
        raise ValueError(f"unknown build {build!r}; expected one of {BUILDS}")
    app = FastAPI(title="Orders", version=build, openapi_url=None, docs_url=None, redoc_url=None,
                  redirect_slashes=False)
    orders: dict[str, dict[str, Any]] = {}
    by_key: dict[str, str] = {}
    id_field = "id" if build == "v2" else "order_id"

    def public(order: dict[str, Any]) -> dict[str, Any]:
        out = dict(order)
        out[id_field] = out.pop("order_id")
        return out

    @app.middleware("http")
    async def request_id(request: Request, call_next):  # type: ignore[no-untyped-def]
        request.state.request_id = request.headers.get("x-request-id") or str(uuid.uuid4())
        response = await call_next(request)
        response.headers["x-request-id"] = request.state.request_id
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [{"field": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]} for e in exc.errors()]
        return _error(request, 400, "INVALID_ARGUMENT", "the request is invalid", details=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 400: "INVALID_ARGUMENT"}
        return _error(request, exc.status_code, codes.get(exc.status_code, "ERROR"), str(exc.detail))

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(request, exc.status, exc.code, exc.message)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        if build == "buggy":  # the planted leak: a debug handler left on
            return JSONResponse({"error": "Internal Server Error", "trace": traceback.format_exc()},
                                status_code=500)
        return _error(request, 500, "INTERNAL", "internal error")

    @app.post("/v1/orders", status_code=200 if build == "v2" else 201)
    async def create_order(order: NewOrder, idempotency_key: str | None = Header(
            default=None, alias="Idempotency-Key", min_length=1, max_length=128,
            pattern=r"^[A-Za-z0-9-]+$")) -> dict[str, Any]:
        if idempotency_key and build != "buggy" and idempotency_key in by_key:
            return public(orders[by_key[idempotency_key]])
        order_id = str(uuid.uuid4())
        now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        record = {"order_id": order_id, "customer_id": order.customer_id,
                  "items": [i.model_dump() for i in order.items], "note": order.note,
                  "status": "PENDING", "total_items": sum(i.quantity for i in order.items),
                  "created_at": now, "updated_at": now}
        orders[order_id] = record
        if idempotency_key:
            by_key[idempotency_key] = order_id
        return public(record)

    @app.get("/v1/orders")
    async def list_orders(page_size: int = Query(default=20, ge=1, le=100),
                          page_token: str | None = Query(default=None, max_length=200)) -> dict[str, Any]:
        offset = 0
        if page_token is not None:
            if build == "buggy":
                offset = _decode_token(page_token)  # crashes on garbage: the planted 500
            else:
                try:
                    offset = _decode_token(page_token)
                except ValueError:
                    raise ApiError(400, "INVALID_PAGE_TOKEN", "page_token is not valid") from None
        values = list(orders.values())
        page = values[offset:offset + page_size]
        following = offset + len(page)
        if build == "buggy":
            following = max(offset + 1, following - 1)  # the planted overlap: one item repeats
        token = _encode_token(following) if following < len(values) else None
        return {"orders": [public(o) for o in page], "next_page_token": token}

    @app.get("/v1/orders/{order_id}")
    async def get_order(order_id: str) -> dict[str, Any]:
        if order_id not in orders:
            raise ApiError(404, "NOT_FOUND", "no such order")
        return public(orders[order_id])

    @app.patch("/v1/orders/{order_id}")
    async def update_order(order_id: str, update: OrderUpdate) -> dict[str, Any]:
        if order_id not in orders:
            raise ApiError(404, "NOT_FOUND", "no such order")
        record = orders[order_id]
        for name, value in update.model_dump(exclude_unset=True).items():
            record[name] = value
        record["updated_at"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        return public(record)

    return app


app = create_app(os.environ.get("ORDERS_BUILD", "v1"))
