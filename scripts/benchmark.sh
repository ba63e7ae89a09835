#!/usr/bin/env bash
# Full-province benchmark (release build): every stage's wall time and peak memory, then the
# end-to-end commands under /usr/bin/time, then the reference checks: shapely for the assignment,
# scikit-learn and esda for the clusters and hot spots.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
source scripts/lib/python.sh
python_with sklearn=scikit-learn esda=esda
swift build -c release --product permitwatch
bin="$(swift build -c release --show-bin-path)/permitwatch"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
"$bin" benchmark --work "$work"
echo
echo "end to end (wall seconds, peak MB):"
# Wall time and peak memory of one command; its own messages go to $work/last.log.
t() { /usr/bin/time -f "%e s  %M KB" -o "$work/time.txt" "$@" > /dev/null 2> "$work/last.log"; cat "$work/time.txt"; }
rm -rf "$work/e2e"; mkdir -p "$work/e2e"
printf 'generate  '; t "$bin" generate --out "$work/e2e/dataset"
printf 'init      '; t "$bin" init --from "$work/e2e/dataset" --db "$work/e2e/db.sqlite" --force
printf 'assign    '; t "$bin" assign --db "$work/e2e/db.sqlite"
echo
echo "SQLite's own cost of writing the source register (no parsing, no assignment; scripts/sqlite_write_floor.py):"
"$python" scripts/sqlite_write_floor.py "$work/e2e/db.sqlite" --repeats 3
echo
echo "reference check (shapely) of every source's town:"
"$python" scripts/reference_assignment.py --areas "$work/e2e/dataset/towns.geojson" --db "$work/e2e/db.sqlite"
printf 'clusters  '; t "$bin" clusters --db "$work/e2e/db.sqlite" --format csv
printf 'hotspots  '; t "$bin" hotspots --db "$work/e2e/db.sqlite" --format csv
for f in csv json geojson html md; do
    printf 'report %-7s' "$f"; t "$bin" report weekly --db "$work/e2e/db.sqlite" --week 2020-W40 --format "$f" --output "$work/week40.$f"
done
printf 'report 4401 '; t "$bin" report weekly --db "$work/e2e/db.sqlite" --week 2020-W40 --area 4401 --format html --output "$work/week40-4401.html"
echo "weekly report HTML, whole province: $(stat -c %s "$work/week40.html") bytes"
echo
echo "reference check (scikit-learn, esda) of the cluster count and the hot-spot bins:"
reference=$("$python" scripts/reference_analytics.py --db "$work/e2e/db.sqlite")
echo "reference:   $reference"
"$bin" clusters --db "$work/e2e/db.sqlite" --no-store --format csv > "$work/clusters.csv" 2> /dev/null
"$bin" hotspots --db "$work/e2e/db.sqlite" --no-store --format csv > "$work/hotspots.csv" 2> /dev/null
"$python" - "$reference" "$work/clusters.csv" "$work/hotspots.csv" <<'PY'
import csv, json, sys
reference = json.loads(sys.argv[1])
clusters = sum(1 for _ in csv.DictReader(open(sys.argv[2])))
bins = {}
for row in csv.DictReader(open(sys.argv[3])):
    bins[row["bin"]] = bins.get(row["bin"], 0) + 1
print(f"permitwatch: clusters {clusters}; bins {dict(sorted(bins.items()))}")
ok = clusters == reference["clusters"] and bins == reference["bins"]
print("agreement:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
PY
