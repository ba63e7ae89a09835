#!/usr/bin/env bash
# `ingest sources` of the full province into PostGIS against PostgreSQL's own floor, in the
# same run (release build): issue 17's "the province ingest ≤ 1.3× what COPY plus the same
# indexes cost on their own".
#
#     scripts/postgis-ingest-floor-benchmark.sh [WORKDIR] [ROUNDS]
#
# Starts a throw-away PostgreSQL 15 + PostGIS 3 with its crash safety on
# (scripts/throwaway-postgis.sh start --durable; PERMITWATCH_BENCH_POSTGRES=URL uses a server of
# your own instead), generates the default province in WORKDIR (unless there), then ROUNDS
# times (default 3), in turn:
#   - a store of the province's areas only (`init --from` the areas), then
#     `permitwatch ingest sources` of its 681,339 rows into it, under /usr/bin/time: the
#     command's wall time (reading, placing, COPY, the three indexes, ANALYZE, the
#     commit, start-up included) and its peak resident memory;
#   - the floor: the rows that ingest wrote, dumped once to a file in COPY's text format, then
#     loaded by psql into a new table of the same columns in one transaction: COPY, the same
#     three indexes (the primary key, the unique source id, GiST), ANALYZE, COMMIT; psql's wall
#     time.
# Then the medians and the ratio of the ingest to the floor. BIN=path runs another build.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-${TMPDIR:-/tmp}/permitwatch-postgis-benchmark}"
rounds="${2:-3}"
source scripts/lib/stores.sh
stores_binary
stores_postgres --durable
url="$PERMITWATCH_BENCH_POSTGRES?schema=permitwatch_bench"
mkdir -p "$work"
[ -f "$work/full/sources.csv" ] || "$BIN" generate --out "$work/full" > /dev/null
stores_areas_only "$work/full" "$work/areas"
# One line: psql's \copy takes its whole command from one.
columns="id, source_id, name, uscc, industry, category, status, status_date, deadline, lon, lat, x, y, removed_on, prefecture_code, county_code, town_code, grid_code, cell_ix, cell_iy, placement, snap_distance_m, location_mismatch, attributes, declared_area_code, geometry"
own=(); peak=(); floor=()
for round in $(seq 1 "$rounds"); do
    "$BIN" init --from "$work/areas" --db "$url" --force > /dev/null 2>&1
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$BIN" ingest sources "$work/full/sources.csv" --db "$url" \
        > /dev/null 2> "$work/ingest.log" || { cat "$work/ingest.log" >&2; exit 1; }
    read -r command_wall command_kb < "$work/time.txt"
    if [ ! -f "$work/sources.copy" ]; then
        psql -q -X "$PERMITWATCH_BENCH_POSTGRES" -c "\\copy (SELECT $columns FROM permitwatch_bench.sources ORDER BY id) TO '$work/sources.copy'"
    fi
    sync
    start=$(date +%s.%N)
    psql -q -X -v ON_ERROR_STOP=1 "$PERMITWATCH_BENCH_POSTGRES" > /dev/null <<SQL
BEGIN;
DROP TABLE IF EXISTS permitwatch_bench.floor_sources;
CREATE TABLE permitwatch_bench.floor_sources (LIKE permitwatch_bench.sources INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
\\copy permitwatch_bench.floor_sources ($columns) FROM '$work/sources.copy'
ALTER TABLE permitwatch_bench.floor_sources ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX floor_sources_by_source_id ON permitwatch_bench.floor_sources (source_id);
CREATE INDEX floor_sources_geometry ON permitwatch_bench.floor_sources USING gist (geometry);
ANALYZE permitwatch_bench.floor_sources;
COMMIT;
SQL
    measured=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(date +%s.%N)")
    psql -q -X "$PERMITWATCH_BENCH_POSTGRES" -c "DROP TABLE permitwatch_bench.floor_sources"
    own+=("$command_wall"); peak+=("$((command_kb / 1024))"); floor+=("$measured")
    echo "round $round: ingest sources $command_wall s, $((command_kb / 1024)) MB; COPY + indexes alone $measured s"
done
python3 - "${own[*]}" "${peak[*]}" "${floor[*]}" <<'PY'
import statistics, sys
own, peak, floor = ([float(x) for x in arg.split()] for arg in sys.argv[1:4])
ratio = statistics.median(own) / statistics.median(floor)
print(f"median: ingest sources {statistics.median(own):.2f} s (peak {statistics.median(peak):.0f} MB); "
      f"COPY + indexes alone {statistics.median(floor):.2f} s; ratio {ratio:.2f} (target <= 1.3)")
PY
