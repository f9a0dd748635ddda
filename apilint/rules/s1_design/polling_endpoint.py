"""polling-endpoint: Change feed is polled with a since-timestamp (1.6)."""

from __future__ import annotations

from collections.abc import Iterator

from apilint.engine.rule import Context, Example, Issue, implements, rule
from apilint.model.core import Api, Schema
from apilint.model.proto import proto_workspace
from apilint.model.query import input_fields, is_path_param, words
from apilint.rules._examples import proto, spec
from apilint.rules._inventory import cached_words

FEED_WORDS = ["events", "event", "updates", "changes", "notifications", "activity", "activities", "feed", "feeds",
              "deltas", "delta", "changelog", "changefeed"]


SINCE_NAMES = ["since", "updated_since", "modified_since", "changed_since", "updated_after", "modified_after",
               "changed_after", "since_time", "since_timestamp", "after_timestamp", "from_timestamp",
               "if_modified_since", "last_poll", "last_checked", "watermark", "last_seen", "last_event_id", "since_id",
               "last_poll_time", "from_event_id"]


_TIME_ONLY = {"after", "from", "start", "start_time", "after_time"}


_SPEC = spec("""
        /v1/orders/events:
          get:
            operationId: listOrderEvents
            parameters:
              - {{name: {name}, in: query, schema: {{type: string, format: {fmt}}}}}
            responses:
              '200':
                description: Order events
                content:
                  {media}:
                    schema: {{type: array, items: {{type: object}}}}
    """)


def _timestamp_like(schema: Schema | None) -> bool:
    if schema is None:
        return False
    fmt = schema.format or ""
    return "date" in fmt or "time" in fmt


@rule(id="polling-endpoint", title="Change feed is polled with a since-timestamp", sections=("1.6",),
      reads_descriptions=False,
      severity="info", formats=("openapi",), presets=("strict",), options={
          "feed_words": FEED_WORDS, "since_names": SINCE_NAMES},
      rationale="""
`GET /events?since=<timestamp>` that clients poll every second is a push feed built as polling: load
grows with the number of clients times the poll rate, most responses are empty, and events between two
polls with equal timestamps are lost. Server push exists in standard protocols: Server-Sent Events over
HTTP, gRPC server streaming, webhooks (anti-pattern 1.6).""",
      fix="Offer the feed as Server-Sent Events (text/event-stream), a gRPC server-streaming RPC, or webhooks; "
          "keep a cursor-based (not timestamp-based) GET only for catch-up.",
      examples=[Example("openapi", bad=_SPEC.format(name="since", fmt="date-time", media="application/json"),
                        good=_SPEC.format(name="last_event_id", fmt="uuid", media="text/event-stream"))])
def polling_endpoint(api: Api, ctx: Context) -> Iterator[Issue]:
    feeds = ctx.words("feed_words")
    since = {"_".join(cached_words(n)) for n in ctx.words("since_names")}
    for op in api.operations:
        if op.method not in (None, "get") or op.streaming[1]:
            continue
        success = op.success
        if success and success.body and any("event-stream" in m for m in success.body.content):
            continue
        names = [s for s in op.path_segments if not is_path_param(s)] or [op.name]
        if not feeds & {w for n in names[-2:] for w in cached_words(n)}:
            continue
        for name, schema in input_fields(op).items():
            key = "_".join(cached_words(name))
            if key in since or (key in _TIME_ONLY and _timestamp_like(schema)):
                loc = next((p.loc for p in op.parameters if p.name == name), schema.loc if schema else op.loc)
                yield Issue(loc, f"{op.label} is a change feed polled with '{name}'; push it instead (SSE, "
                            "streaming, webhooks)", hint="offer text/event-stream, server streaming or webhooks")
                break


@implements("polling-endpoint", format="proto", examples=[Example("proto",
                        bad=proto("""
        service OrderService {
          rpc PollOrderEvents(PollOrderEventsRequest) returns (PollOrderEventsResponse);
        }
        message PollOrderEventsRequest { string since = 1; }
        message PollOrderEventsResponse { repeated string events = 1; }
    """),
                        good=proto("""
        service OrderService {
          rpc WatchOrderEvents(WatchOrderEventsRequest) returns (stream OrderEvent);
        }
        message WatchOrderEventsRequest { string since = 1; }
        message OrderEvent { string name = 1; }
    """))])
def polling_rpc(api: Api, ctx: Context) -> Iterator[Issue]:
    ws = proto_workspace(api)
    feeds = ctx.words("feed_words")
    since_names = {"_".join(words(n)) for n in ctx.words("since_names")} | _TIME_ONLY
    for method in ws.of_kind("method") if ws else ():
        if method.proto.server_streaming:
            continue
        parts = words(method.name)
        if not parts or not (parts[0] in {"poll", "watch"} or (parts[0] in {"get", "fetch"} and parts[-1] in feeds)):
            continue
        request = ws.type(method.proto.input_type)
        since = [f.name for f in request.proto.field if "_".join(words(f.name)) in since_names] if request else []
        if since:
            yield Issue(method.loc, f"RPC {method.name} is unary and takes '{since[0]}': clients must poll it",
                        hint="make it server streaming (returns (stream ...))")
