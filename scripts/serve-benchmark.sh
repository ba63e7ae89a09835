#!/usr/bin/env bash
# Server benchmark, release build, full default dataset, load from wrk in a second process on
# loopback: the 1,000-feature bbox page (with and without the page cache), paging all
# unlicensed sources by 10,000, and a 100-connection, 60-second mix of endpoints.
# Usage: scripts/serve-benchmark.sh [DATABASE]   (default: the default dataset, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
source scripts/lib/python.sh
swift build -c release --product permitwatch
bin="$(swift build -c release --show-bin-path)/permitwatch"
db="${1:-${PERMITWATCH_BENCH_DB:-$HOME/.cache/permitwatch/benchmark.sqlite}}"
[ -f "$db" ] || "$bin" init --db "$db"
port=18080
base="http://127.0.0.1:$port"
box="bbox=113.121937,22.956684,113.219859,23.047219"

start() {
    "$bin" serve --db "$db" --port "$port" --log-level notice "$@" > /tmp/permitwatch-serve.log 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -sf "$base/health" > /dev/null && return; sleep 0.2; done
    echo "server did not start"; cat /tmp/permitwatch-serve.log; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }

echo "== the 1,000-feature page of a busy 10 km box in the Pearl River Delta"
start
curl -s "$base/collections/sources/items?$box&limit=1000" | "$python" -c 'import json,sys; d=json.load(sys.stdin); print("numberMatched", d["numberMatched"], "numberReturned", d["numberReturned"])'
echo "-- 16 connections, 30 s, page cache on (default)"
wrk -t2 -c16 -d30s --timeout 30s --latency "$base/collections/sources/items?$box&limit=1000"
echo "-- an empty box"
wrk -t2 -c16 -d10s --timeout 30s --latency "$base/collections/sources/items?bbox=100,0,100.1,0.1&limit=1000"
stop

start --page-cache-mb 0
echo "-- 16 connections, 30 s, page cache off: every page read and encoded"
wrk -t2 -c16 -d30s --timeout 30s --latency "$base/collections/sources/items?$box&limit=1000"
echo "== paging every unlicensed source by 10,000"
expected=$("$python" -c "import sqlite3; print(sqlite3.connect('file:$db?mode=ro', uri=True).execute(\"SELECT count(*) FROM sources WHERE status='unlicensed' AND removed_on IS NULL\").fetchone()[0])")
"$python" scripts/bench/page_through.py "$base" "$pid" "$expected"
stop

start
echo "== 100 connections, 60 s, a mix of endpoints (two of them deliberately 4xx)"
wrk -t2 -c100 -d60s --timeout 30s --latency -s scripts/bench/mixed.lua "$base"
curl -sf "$base/health" > /dev/null && echo "server alive after the run" || { echo "server died"; exit 1; }
echo "server RSS: $(( $(grep VmRSS /proc/$pid/status | awk '{print $2}') / 1024 )) MB"
stop
