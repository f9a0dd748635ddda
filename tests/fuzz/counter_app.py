"""A deliberately careless service for the checks the orders service cannot trip: its GET changes state
(2.2) and every third request is throttled with a 429 that carries no Retry-After (7.6)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
state = {"views": 0, "calls": 0}

SPEC = """\
openapi: 3.0.3
info: {title: Counter, version: "1"}
paths:
  /v1/counter:
    get:
      operationId: getCounter
      parameters:
        - {name: label, in: query, schema: {type: string, maxLength: 20}}
      responses:
        "200":
          description: the counter
          content:
            application/json:
              schema:
                type: object
                required: [views]
                properties: {views: {type: integer}}
        "429":
          description: throttled
          content:
            application/json:
              schema:
                type: object
                properties:
                  error:
                    type: object
                    properties: {code: {type: string}, request_id: {type: string}}
"""


@app.get("/v1/counter")
async def counter(label: str | None = None) -> JSONResponse:
    state["calls"] += 1
    if state["calls"] % 3 == 0:
        return JSONResponse({"error": {"code": "RATE_LIMITED", "request_id": str(state["calls"])}}, status_code=429)
    state["views"] += 1  # the bug: reading counts as a write
    return JSONResponse({"views": state["views"]})
