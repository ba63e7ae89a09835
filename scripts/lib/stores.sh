# Sourced by the scripts that measure or compare the two stores (postgis-*-benchmark.sh,
# compare-stores.sh, ingest-floor-benchmark.sh): the release binary, a PostgreSQL to work in,
# a province's areas alone, and `serve` processes on free-standing ports.
#
#   stores_binary                       sets $BIN: $BIN if given, else the release build (built first)
#   stores_postgres [--durable]         sets $PERMITWATCH_BENCH_POSTGRES: as given, else a throw-away
#                                       PostgreSQL 15 + PostGIS 3 (scripts/throwaway-postgis.sh),
#                                       stopped and removed on exit
#   stores_areas_only FULL AREAS        writes into AREAS a dataset of FULL's four area levels alone
#                                       (its manifest without sources, events and depots), once
#   stores_serve DATABASE PORT          starts `permitwatch serve` on PORT, waits for /health, says how long it took
#   stores_stop_servers                 SIGTERM to every server started, waits for each

stores_binary() {
    if [ -z "${BIN:-}" ]; then
        swift build -c release --product permitwatch > /dev/null || exit 1
        BIN="$(swift build -c release --show-bin-path)/permitwatch"
    fi
}

stores_postgres() {
    if [ -z "${PERMITWATCH_BENCH_POSTGRES:-}" ]; then
        eval "$(scripts/throwaway-postgis.sh start "$@")"
        trap 'scripts/throwaway-postgis.sh stop "$PERMITWATCH_TEST_POSTGRES_DIR"' EXIT
        PERMITWATCH_BENCH_POSTGRES="$PERMITWATCH_TEST_POSTGRES"
    fi
}

stores_areas_only() {
    [ -f "$2/dataset.json" ] && return
    mkdir -p "$2"
    for level in prefectures counties towns grids; do cp "$1/$level.geojson" "$2/"; done
    python3 - "$1/dataset.json" "$2/dataset.json" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
for kind in ("sources", "events", "depots"):
    manifest["files"].pop(kind, None)
json.dump(manifest, open(sys.argv[2], "w"))
PY
}

stores_servers=()
stores_serve() {
    local started=$(date +%s.%N)
    "$BIN" serve --db "$1" --port "$2" --log-level warning > "${work:-/tmp}/serve-$2.log" 2>&1 &
    stores_servers+=($!)
    for _ in $(seq 600); do
        if curl -sf "http://127.0.0.1:$2/health" > /dev/null; then
            # Starting includes reading the source index whole (`prepareForServing`).
            echo "server on port $2 ready in $(python3 -c "import time; print(f'{time.time() - $started:.1f}')") s"
            return
        fi
        sleep 0.2
    done
    echo "the server on $2 did not start"; cat "${work:-/tmp}/serve-$2.log"; exit 1
}

stores_stop_servers() {
    for pid in "${stores_servers[@]}"; do kill -TERM "$pid" 2> /dev/null; wait "$pid" 2> /dev/null || true; done
    stores_servers=()
}
