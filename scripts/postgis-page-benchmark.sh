#!/usr/bin/env bash
# Random-bbox page throughput (issue 17): 1,000-feature pages of /collections/sources/items for
# random boxes inside the province, from one `serve` on the SpatiaLite file, one on PostGIS, and
# two on the same PostGIS schema at once (release build, wrk on loopback, 16 connections in all,
# SECONDS each, default 30).
#
#     scripts/postgis-page-benchmark.sh [WORKDIR] [SECONDS]
#
# The default province goes into WORKDIR/province.sqlite and into schema permitwatch_pages of a
# throw-away PostgreSQL 15 + PostGIS 3 with its crash safety on (scripts/throwaway-postgis.sh
# start --durable; PERMITWATCH_BENCH_POSTGRES=URL uses a server of your own). BIN=path runs
# another build.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-${TMPDIR:-/tmp}/permitwatch-page-benchmark}"
seconds="${2:-30}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --product permitwatch > /dev/null
    BIN="$(swift build -c release --show-bin-path)/permitwatch"
fi
if [ -z "${PERMITWATCH_BENCH_POSTGRES:-}" ]; then
    eval "$(scripts/throwaway-postgis.sh start --durable)"
    trap 'scripts/throwaway-postgis.sh stop "$PERMITWATCH_TEST_POSTGRES_DIR"' EXIT
    PERMITWATCH_BENCH_POSTGRES="$PERMITWATCH_TEST_POSTGRES"
fi
url="$PERMITWATCH_BENCH_POSTGRES?schema=permitwatch_pages"
mkdir -p "$work"
[ -f "$work/province.sqlite" ] || "$BIN" init --db "$work/province.sqlite" > /dev/null
"$BIN" init --db "$url" --force > /dev/null
export PERMITWATCH_EXTENT=$(python3 -c "
import sqlite3, sys
row = sqlite3.connect('file:$work/province.sqlite?mode=ro', uri=True).execute(
    'SELECT min(lon), min(lat), max(lon), max(lat) FROM sources WHERE removed_on IS NULL').fetchone()
print(','.join(str(v) for v in row))")

pids=()
serve() {  # serve DATABASE PORT
    "$BIN" serve --db "$1" --port "$2" --log-level warning > "$work/serve-$2.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:$2/health" > /dev/null && return; sleep 0.2; done
    echo "the server on $2 did not start"; cat "$work/serve-$2.log"; exit 1
}
stop_all() { for pid in "${pids[@]}"; do kill -TERM "$pid"; wait "$pid" || true; done; pids=(); }
load() {  # load CONNECTIONS PORT…: one wrk per server, at once; prints the summed line
    local connections=$1; shift
    local outputs=() loads=()
    for port in "$@"; do
        wrk -t1 -c"$connections" -d"${seconds}s" --timeout 30s -s scripts/bench/random_page.lua "http://127.0.0.1:$port" \
            > "$work/wrk-$port.txt" 2>&1 &
        loads+=($!)
        outputs+=("$work/wrk-$port.txt")
    done
    wait "${loads[@]}"
    python3 - "$seconds" "${outputs[@]}" <<'PY'
import re, sys
seconds = float(sys.argv[1])
total = failed = errors = 0
p99 = []
for path in sys.argv[2:]:
    line = next(l for l in open(path) if l.startswith("RESULT"))
    values = dict(pair.split("=") for pair in line.split()[1:])
    total += int(values["requests"]); failed += int(values["non2xx"]); errors += int(values["socket_errors"])
    p99.append(float(values["p99_ms"]))
print(f"{total / seconds:.0f} pages/s ({total} in {seconds:.0f} s), {failed} non-2xx, {errors} socket errors, p99 {max(p99):.0f} ms")
PY
}

echo "== one server on the SpatiaLite file"
serve "$work/province.sqlite" 18181
load 16 18181
stop_all
echo "== one server on PostGIS"
serve "$url" 18182
load 16 18182
stop_all
echo "== two servers on the same PostGIS schema"
serve "$url" 18183
serve "$url" 18184
load 8 18183 18184
stop_all
