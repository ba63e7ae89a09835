#!/usr/bin/env bash
# Runs the README's commands with two builds of permitwatch on one generated dataset and compares
# what they print, byte for byte: the proof that a change kept every output.
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [WORKDIR]
# Each line says "same" or "DIFF" and the case; the outputs stay in WORKDIR (old.CASE, new.CASE).
set -u
OLD=$(realpath "$1"); NEW=$(realpath "$2"); W=${3:-/tmp/permitwatch-compare}
here="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$W"; mkdir -p "$W"; cd "$W"
$NEW generate --out ds --sources 3000 --seed 11 --pixel-size 2000 > /dev/null 2>&1
$OLD init --from ds --db old.sqlite > old.init 2>&1; $NEW init --from ds --db new.sqlite > new.init 2>&1
printf 'source_id,lon,lat,priority\nS1,113.3,23.1,1\nS2,113.35,23.12,2\nS3,113.31,23.2,1\n' > stops.csv
run() { local name=$1; shift; "$OLD" "$@" --db old.sqlite > old.$name 2>/dev/null; echo "rc $?" >> old.$name; "$NEW" "$@" --db new.sqlite > new.$name 2>/dev/null; echo "rc $?" >> new.$name; cmp -s old.$name new.$name && echo "same  $name" || echo "DIFF  $name"; }
run sum-pref summary --by prefecture
run sum-town-csv summary --by town --format csv
run sum-cell-json summary --by cell --format json
run q-list query --list
run q-near query sources-near --param at=113.30,23.12 --param radius=20000
run q-grid-csv query unlicensed-by-grid --format csv
run q-grid-geo query unlicensed-by-grid --format geojson
run q-src-geo query sources --format geojson
run q-src-json query sources --format json --limit 50
run cl-csv clusters --eps 1500 --min-points 3 --format csv
run cl-geo clusters --eps 1500 --min-points 3 --format geojson --no-store
run cl-members clusters --eps 1500 --min-points 3 --format csv --members --no-store
run hs-csv hotspots --grid square:5000 --format csv
run hs-admin hotspots --grid admin --format json --no-store
for f in csv json geojson html md; do run rw-$f report weekly --week 2020-W40 --format $f; done
run rw-area report weekly --area 4401 --format md
for f in table csv json geojson gpx html; do run rp-$f route plan --stops stops.csv --depot 113.3,23.1 --teams 2 --shift-hours 6 --iterations 20 --no-store --format $f; done
run rp-area route plan --area 4403 --teams 2 --iterations 20 --no-store --format csv
tsp="$here/../shared/realdata/routing/tsplib/eil51.tsp"
if [ -f "$tsp" ]; then run tsp route tsplib "$tsp" --iterations 200; else echo "skip  tsp (no ../shared/realdata)"; fi
