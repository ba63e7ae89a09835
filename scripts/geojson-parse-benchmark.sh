#!/usr/bin/env bash
# GeoKit's hand-written JSON parser against Foundation's JSONSerialization and JSONDecoder on
# the four GeoJSON files of the full default province (release build; issue 13).
#
#   scripts/geojson-parse-benchmark.sh [DIR] [REPEATS]
#
# DIR (default: a new temporary directory) holds the generated province; it is generated with
# `permitwatch generate` when it has no grids.geojson. Prints the best of REPEATS (default 5)
# runs of every variant on every file in one process (warm file cache), then each variant's
# peak resident memory on each file, one process per run.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d)}"
repeats="${2:-5}"
if [ ! -f "$dir/grids.geojson" ]; then
    swift build -c release --product permitwatch > /dev/null
    "$(swift build -c release --show-bin-path)/permitwatch" generate --out "$dir" > /dev/null
fi
swift build -c release --product geojson-parse-benchmark > /dev/null
bin="$(swift build -c release --show-bin-path)/geojson-parse-benchmark"
echo "best of $repeats runs, seconds:"
"$bin" time "$dir" "$repeats"
echo
echo "peak resident memory, one process per run:"
for file in prefectures counties towns grids; do
    for variant in parser serialization decoder reader serialization-reader decoder-reader; do
        "$bin" peak "$variant" "$dir/$file.geojson"
    done
done
