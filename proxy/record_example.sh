#!/usr/bin/env bash
# Rebuild recordings/example from real traffic: start the small test service, put `apilint proxy`
# in front of it, send a few requests, stop the proxy (SIGTERM flushes), build the contracts.
# Everything stays on 127.0.0.1. Run from the repository root: bash proxy/record_example.sh
set -euo pipefail
SVC_PORT=${SVC_PORT:-18101}
PROXY_PORT=${PROXY_PORT:-18180}
OUT=recordings/example
RAW=$(mktemp -d)
trap 'kill $SVC $PROXY 2>/dev/null || true; rm -rf "$RAW"' EXIT

python tests/proxy/upstream.py "$SVC_PORT" >/dev/null & SVC=$!
python -m apilint proxy --upstream "http://127.0.0.1:$SVC_PORT" --listen "127.0.0.1:$PROXY_PORT" \
  --out "$RAW" --spec tests/proxy/orders.yaml --exclude / --quiet & PROXY=$!
P="http://127.0.0.1:$PROXY_PORT"
for _ in $(seq 100); do curl -s -o /dev/null "$P/" && break; sleep 0.1; done

for i in 1 2 3; do
  curl -s -o /dev/null -X POST -H "content-type: application/json" -H "authorization: Bearer sk_live_example$i$i$i$i$i$i" \
    -d "{\"customer\":{\"name\":\"Customer $i\",\"email\":\"c$i@shop.example\"},\"items\":[{\"product_id\":\"sku-$i\",\"quantity\":$i}]}" \
    "$P/v1/orders"
done
curl -s -o /dev/null -X POST -H "content-type: application/json" \
  -d '{"customer":{},"items":[{"product_id":"sku-9","quantity":0}]}' "$P/v1/orders"   # breaks the spec
for id in 11 12 13 14; do curl -s -o /dev/null -H "authorization: Bearer sk_live_exampletoken" "$P/v1/orders/$id"; done
curl -s -o /dev/null "$P/v1/orders?page_size=2&api_key=ak_live_123456789"
curl -s -o /dev/null "$P/v1/orders?page_size=3&api_key=ak_live_123456789"
curl -s -o /dev/null "$P/v1/health"
curl -s -o /dev/null "$P/v1/health"
curl -s -o /dev/null "$P/v1/nowhere"

kill -TERM $PROXY && wait $PROXY || true
rm -rf "$OUT" && mkdir -p "$OUT/traffic"
cp "$RAW"/*.jsonl "$OUT/traffic/"
python -m apilint contracts build "$OUT/traffic" --out "$OUT" --spec tests/proxy/orders.yaml
