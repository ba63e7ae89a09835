#!/usr/bin/env bash
# A province none of the tests has seen, loaded into a SpatiaLite file and into PostGIS, and
# every answer compared byte for byte (issue 17's "a hidden province loaded into both stores").
#
#     scripts/compare-stores.sh [WORKDIR] [SEED] [SOURCES]
#
# Generates a province with SEED (default 4242) and SOURCES touched sources (default the full
# 661,494) into WORKDIR/province, loads it with `init` into WORKDIR/province.sqlite and into
# schema permitwatch_compare of a throw-away PostgreSQL 15 + PostGIS 3
# (scripts/throwaway-postgis.sh; PERMITWATCH_BENCH_POSTGRES=URL uses a server of your own),
# timing both; then runs the same commands on both (summaries at every level, stored cluster
# and hot-spot runs, weekly reports of several weeks and grids, route plans with a fixed seed,
# every shipped catalog query, check's verdict), starts `serve` on each and fetches the same
# OGC API pages, and prints one line per answer: "same" or "DIFF". Exits 1 if any differs; the
# outputs stay in WORKDIR/answers (spatialite.NAME, postgis.NAME). BIN=path runs another build.
set -uo pipefail
cd "$(dirname "$0")/.."
work="${1:-${TMPDIR:-/tmp}/permitwatch-compare-stores}"
seed="${2:-4242}"
sources="${3:-661494}"
source scripts/lib/stores.sh
stores_binary
stores_postgres
url="$PERMITWATCH_BENCH_POSTGRES?schema=permitwatch_compare"
mkdir -p "$work"
if [ ! -f "$work/province/dataset.json" ] || [ "$(cat "$work/province/.seed" 2>/dev/null)" != "$seed $sources" ]; then
    rm -rf "$work/province"
    "$BIN" generate --out "$work/province" --seed "$seed" --sources "$sources" > /dev/null || exit 1
    echo "$seed $sources" > "$work/province/.seed"
fi
timed() {  # timed LABEL COMMAND…: runs it, prints the wall time
    local start; start=$(date +%s.%N)
    "$@" > /dev/null 2> "$work/last.err" || { echo "$1 failed:"; cat "$work/last.err"; exit 1; }
    python3 -c "import sys; print(f'{sys.argv[1]}: {float(sys.argv[3]) - float(sys.argv[2]):.1f} s')" "$label" "$start" "$(date +%s.%N)"
}
label="init into SpatiaLite"; timed "$BIN" init --from "$work/province" --db "$work/province.sqlite" --force
label="init into PostGIS"; timed "$BIN" init --from "$work/province" --db "$url" --force
python3 - "$work/province.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print("province: %d sources, %d events, %d areas" % tuple(db.execute(q).fetchone()[0] for q in (
    "SELECT count(*) FROM sources", "SELECT count(*) FROM events", "SELECT count(*) FROM areas")))
PY

answers="$work/answers"; rm -rf "$answers"; mkdir -p "$answers"
compared=0; differing=0; near=0
compare() {  # compare NAME ARGUMENTS…: the command on both stores, its output and status
    local name=$1; shift
    "$BIN" "$@" --db "$work/province.sqlite" > "$answers/spatialite.$name" 2> /dev/null; echo "exit $?" >> "$answers/spatialite.$name"
    "$BIN" "$@" --db "$url" > "$answers/postgis.$name" 2> /dev/null; echo "exit $?" >> "$answers/postgis.$name"
    verdict "$name"
}
# The moments a row was written (an ingest's `at`, a plan's `created_at`) are the clock's, not
# the data's: masked. A real that differs in its last binary digit only (SQLite's round() is
# sometimes one unit in the last place off the nearest double, PostgreSQL's is not) is counted
# apart, as "same≈", and never hides a larger difference.
verdict() {
    compared=$((compared + 1))
    sed -E -i 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/…/g' "$answers/spatialite.$1" "$answers/postgis.$1"
    if cmp -s "$answers/spatialite.$1" "$answers/postgis.$1"; then
        echo "same  $1 ($(wc -c < "$answers/spatialite.$1") bytes)"
    elif python3 - "$answers/spatialite.$1" "$answers/postgis.$1" <<'PY'
import math, re, sys
number = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")
a, b = (open(path, encoding="utf-8").read() for path in sys.argv[1:3])
if number.sub("#", a) != number.sub("#", b):
    sys.exit(1)
pairs = list(zip(number.findall(a), number.findall(b)))
sys.exit(0 if all(x == y or abs(float(x) - float(y)) <= 4 * math.ulp(float(x)) for x, y in pairs) else 1)
PY
    then
        near=$((near + 1)); echo "same≈ $1 (a real in its last binary digit)"
    else
        differing=$((differing + 1)); echo "DIFF  $1"
    fi
}
for level in prefecture county town grid cell; do compare "summary-$level" summary --by "$level" --format csv; done
compare summary-status summary --by status --format json
compare clusters clusters --eps 1500 --min-points 3 --format csv
compare clusters-unlicensed clusters --eps 800 --min-points 2 --status unlicensed --members --format csv
compare clusters-geojson clusters --eps 1000 --min-points 4 --format geojson
compare hotspots-square hotspots --grid square:5000 --format csv
compare hotspots-admin hotspots --grid admin --value rate:unlicensed --format csv
compare hotspots-square-geojson hotspots --grid square:2000 --format geojson
for week in 2020-W05 2020-W20 2020-W40 2020-W52; do
    compare "report-$week" report weekly --week "$week" --format csv
done
compare report-w30-square report weekly --week 2020-W30 --grid square:2000 --format csv
prefecture=$(python3 -c "
import sqlite3; print(sqlite3.connect('file:$work/province.sqlite?mode=ro', uri=True).execute(
    \"SELECT code FROM areas WHERE level = 'prefecture' ORDER BY code LIMIT 1 OFFSET 2\").fetchone()[0])")
compare report-area-json report weekly --week 2020-W45 --area "$prefecture" --format json
compare route-area route plan --area "$prefecture" --teams 2 --iterations 300 --seed 7 --format csv
compare route-province route plan --teams 3 --iterations 200 --seed 3 --shift-hours 6 --format geojson
source=$(python3 -c "
import sqlite3; print(sqlite3.connect('file:$work/province.sqlite?mode=ro', uri=True).execute(
    \"SELECT source_id FROM events GROUP BY source_id HAVING count(*) > 3 ORDER BY source_id LIMIT 1\").fetchone()[0])")
read -r lon lat < <(python3 -c "
import sqlite3; print(*sqlite3.connect('file:$work/province.sqlite?mode=ro', uri=True).execute(
    \"SELECT lon, lat FROM sources ORDER BY id LIMIT 1 OFFSET 1000\").fetchone())")
compare q-area-summary query area-summary --param area="$prefecture" --format csv
compare q-find query find --param text=有限公司 --format csv --limit 500
compare q-ingest-rejects query ingest-rejects --format csv
compare q-location-mismatches query location-mismatches --format csv
compare q-newly-found query newly-found --param week=2020-W40 --format csv
compare q-overdue-rectifications query overdue-rectifications --format csv
compare q-source-density query source-density --param cell_km=20 --format csv
compare q-source-history query source-history --param source_id="$source" --format csv
compare q-sources query sources --param status=unlicensed --param area="$prefecture" --format csv
compare q-sources-in-bbox query sources-in-bbox --param bbox="$(python3 -c "print(f'{$lon - 0.3},{$lat - 0.3},{$lon + 0.3},{$lat + 0.3}')")" --format geojson
compare q-sources-near query sources-near --param at="$lon,$lat" --param radius=5000 --format csv
compare q-status-changes query status-changes --param from=2020-09-01 --param to=2020-12-31 --format csv
compare q-uninspected-since query uninspected-since --param since=2020-10-01 --param area="$prefecture" --format csv
compare q-unlicensed-by-grid query unlicensed-by-grid --format csv
compare q-unlicensed-by-town query unlicensed-by-town --format csv
compare q-unlicensed-in-area query unlicensed-in-area --param area="$prefecture" --format geojson
for name in $("$BIN" query --list --db "$work/province.sqlite" | awk '/^[a-z]/ { print $1 }'); do
    [ -f "$answers/spatialite.q-$name" ] || { echo "DIFF  query $name was not compared"; differing=$((differing + 1)); }
done
"$BIN" check --db "$work/province.sqlite" | cut -c1-6 | sort | uniq -c > "$answers/spatialite.check-verdicts"
"$BIN" check --db "$url" | cut -c1-6 | sort | uniq -c > "$answers/postgis.check-verdicts"
verdict check-verdicts

# The OGC API: one server on each store, the same pages (the servers' addresses and the
# response time stamps normalised).
stores_serve "$work/province.sqlite" 18191
stores_serve "$url" 18192
page=0
for path in \
    "/collections" "/collections/sources" "/collections/sources/items?limit=100&offset=5000" \
    "/collections/sources/items?bbox=$(python3 -c "print(f'{$lon - 0.2},{$lat - 0.2},{$lon + 0.2},{$lat + 0.2}')")&limit=1000" \
    "/collections/sources/items?status=unlicensed&limit=200&offset=400" \
    "/collections/sources/items?datetime=2020-06-01/2020-09-30&limit=300" \
    "/collections/sources/items/$source" \
    "/collections/prefectures/items" "/collections/counties/items?limit=50" \
    "/collections/grids/items?bbox=$(python3 -c "print(f'{$lon - 0.1},{$lat - 0.1},{$lon + 0.1},{$lat + 0.1}')")&limit=100" \
    "/collections/clusters/items?limit=20" "/collections/hotspots/items?limit=100" "/collections/routes/items" \
    "/queries/unlicensed-by-town?prefecture=$prefecture" ; do
    page=$((page + 1))
    for side in spatialite:18191 postgis:18192; do
        curl -s "http://127.0.0.1:${side#*:}$path" | sed -e "s#http://127.0.0.1:${side#*:}#BASE#g" -e 's/"timeStamp":"[^"]*"/"timeStamp":"…"/g' \
            > "$answers/${side%%:*}.page-$page"
    done
    echo "$path" >> "$answers/pages.txt"
    verdict "page-$page"
done
stores_stop_servers
echo "$compared answers compared: $((compared - differing - near)) byte for byte the same, $near the same but for a real's last binary digit, $differing differ"
[ "$differing" -eq 0 ]
