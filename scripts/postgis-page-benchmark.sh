#!/usr/bin/env bash
# Random-bbox page throughput (issue 17): 1,000-feature pages of /collections/sources/items for
# random boxes inside the province, from one `serve` on the SpatiaLite file, one on PostGIS, and
# two on the same PostGIS schema at once (release build, wrk on loopback, 16 connections in all,
# SECONDS each, default 30); then the two PostGIS servers again while `ingest sources` replaces
# the register over and over for INGEST_SECONDS (default 120), with a snapshot of every tenth
# source left out and the full one in turn: each page's numberMatched must agree with the
# features it holds (one snapshot per page), and the script prints the ingests' times beside
# the pages (the last ingest may end after the load).
#
#     scripts/postgis-page-benchmark.sh [WORKDIR] [SECONDS] [INGEST_SECONDS]
#
# The default province goes into WORKDIR/province.sqlite and into schema permitwatch_pages of a
# throw-away PostgreSQL 15 + PostGIS 3 with its crash safety on (scripts/throwaway-postgis.sh
# start --durable; PERMITWATCH_BENCH_POSTGRES=URL uses a server of your own). BIN=path runs
# another build.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-${TMPDIR:-/tmp}/permitwatch-page-benchmark}"
seconds="${2:-30}"
ingest_seconds="${3:-120}"
source scripts/lib/stores.sh
stores_binary
stores_postgres --durable
url="$PERMITWATCH_BENCH_POSTGRES?schema=permitwatch_pages"
mkdir -p "$work"
[ -f "$work/province.sqlite" ] || "$BIN" init --db "$work/province.sqlite" > /dev/null
"$BIN" init --db "$url" --force > /dev/null
export PERMITWATCH_EXTENT=$(python3 -c "
import sqlite3, sys
row = sqlite3.connect('file:$work/province.sqlite?mode=ro', uri=True).execute(
    'SELECT min(lon), min(lat), max(lon), max(lat) FROM sources WHERE removed_on IS NULL').fetchone()
print(','.join(str(v) for v in row))")

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
total = failed = errors = inconsistent = 0
p99 = []
failures = []
for path in sys.argv[2:]:
    line = next(l for l in open(path) if l.startswith("RESULT"))
    values = dict(pair.split("=") for pair in line.split()[1:])
    total += int(values["requests"]); failed += int(values["non2xx"]); errors += int(values["socket_errors"])
    inconsistent += int(values["inconsistent"])
    if values.get("first_failure", "none") != "none":
        failures.append(values["first_failure"].replace("_", " "))
    p99.append(float(values["p99_ms"]))
seen = f" (first: {', '.join(failures)})" if failures else ""
print(f"{total / seconds:.0f} pages/s ({total} in {seconds:.0f} s), {failed} non-2xx{seen}, {errors} socket errors, {inconsistent} pages whose numberMatched disagrees with their features, p99 {max(p99):.0f} ms")
PY
}

echo "== one server on the SpatiaLite file"
stores_serve "$work/province.sqlite" 18181
load 16 18181
stores_stop_servers
echo "== one server on PostGIS"
stores_serve "$url" 18182
load 16 18182
stores_stop_servers
echo "== two servers on the same PostGIS schema"
stores_serve "$url" 18183
stores_serve "$url" 18184
load 8 18183 18184
echo "== the same two servers while snapshots are ingested (${ingest_seconds} s)"
data="${PERMITWATCH_DATA:-$HOME/.cache/permitwatch/guangdong-2020}"
[ -f "$work/thinned.csv" ] || awk 'NR == 1 || NR % 10 != 0' "$data/sources.csv" > "$work/thinned.csv"
rm -f "$work/ingest-times.txt" "$work/ingests.log"
(
    end=$(( $(date +%s) + ingest_seconds ))
    snapshot=0
    while [ "$(date +%s)" -lt "$end" ]; do
        file="$work/thinned.csv"; [ $((snapshot % 2)) -eq 1 ] && file="$data/sources.csv"
        start=$(date +%s.%N)
        "$BIN" ingest sources "$file" --db "$url" > /dev/null 2>> "$work/ingests.log" || echo "ingest failed" >> "$work/ingests.log"
        python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)" >> "$work/ingest-times.txt"
        snapshot=$((snapshot + 1))
    done
) &
ingesting=$!
seconds=$ingest_seconds load 8 18183 18184
wait "$ingesting"
echo "ingests during the load: $(wc -l < "$work/ingest-times.txt") ($(paste -sd' ' "$work/ingest-times.txt") s), failures: $(grep -c 'ingest failed' "$work/ingests.log" || true)"
stores_stop_servers
