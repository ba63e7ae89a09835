#!/usr/bin/env bash
# Route planning benchmark (release build).
#
# 1. `permitwatch route tsplib` on every instance of ../shared/realdata/routing/tsplib up to
#    1,002 nodes: instance, optimum, length, gap %, seconds; then the mean gap.
# 2. With a database (argument 1, default ./permitwatch.sqlite) holding a clusters run: the
#    1,000 highest-priority suspects of prefecture $AREA (default 4401) as exported by
#    scripts/reference_routes.py, then a single tour (permitwatch 5 s against LKH-3/elkai) and
#    the 4-team, 8 h, 30 km/h, 30 min plan (permitwatch 5 s against OR-Tools GLS 10 s).
#
# Environment: SECONDS_TSP (default 1.9, so that the wall time with start-up stays under 2 s),
# PLAN_SECONDS (default 4.5, likewise under 5 s), AREA, LKH_RUNS (default 1: one LKH-3 run of
# elkai takes one to two minutes on 1,000 stops here), SKIP_REFERENCE=1 to run
# permitwatch only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
swift build -c release --product permitwatch > /dev/null
bin="$(swift build -c release --show-bin-path)/permitwatch"
tsplib="$(cd .. && pwd)/shared/realdata/routing/tsplib"
seconds="${SECONDS_TSP:-1.9}"

if [ -d "$tsplib" ]; then
    echo "TSPLIB, --seconds $seconds --seed 1 (wall seconds include reading the file)"
    printf '%-10s %6s %10s %10s %7s %7s\n' instance nodes optimum length gap% seconds
    for file in "$tsplib"/*.tsp; do
        name=$(basename "$file" .tsp)
        nodes=$(grep -m1 -E '^DIMENSION' "$file" | tr -dc '0-9')
        [ "$nodes" -le 1002 ] || continue
        optimum=$(grep -E "^$name," "$tsplib/optimal_values.csv" | cut -d, -f2)
        start=$(date +%s.%N)
        length=$("$bin" route tsplib "$file" --seconds "$seconds" 2> /dev/null | sed -n 's/^length=//p')
        end=$(date +%s.%N)
        awk -v n="$name" -v d="$nodes" -v o="$optimum" -v l="$length" -v s="$start" -v e="$end" \
            'BEGIN { printf "%-10s %6d %10d %10d %7.3f %7.2f\n", n, d, o, l, 100 * (l - o) / o, e - s }'
    done | tee /tmp/route-benchmark-tsplib.txt
    awk '{ gap += $5; if ($5 > worst) worst = $5; if ($6 > slowest) slowest = $6; n++ }
         END { printf "mean gap %.3f %% over %d instances; worst gap %.3f %%; slowest %.2f s\n", gap / n, n, worst, slowest }' \
        /tmp/route-benchmark-tsplib.txt
else
    echo "skipping TSPLIB: $tsplib is absent"
fi

db="${1:-permitwatch.sqlite}"
area="${AREA:-4401}"
if [ ! -f "$db" ]; then
    echo "skipping the dataset comparison: no database at $db"
    exit 0
fi
work=$(mktemp -d)
echo
source scripts/lib/python.sh
python_with elkai=elkai ortools=ortools
reference_flags=()
[ "${SKIP_REFERENCE:-0}" = 1 ] && reference_flags=(--skip-lkh --skip-ortools)
reference=$("$python" scripts/reference_routes.py --db "$db" --area "$area" --stops-out "$work/stops.csv" \
    --lkh-runs "${LKH_RUNS:-1}" --ortools-seconds 10 "${reference_flags[@]}")
echo "reference: $reference"
depot=$("$python" -c 'import json, sys; print(json.loads(sys.argv[1])["depot_lonlat"])' "$reference")

echo "permitwatch, single tour through the depot and the $(($(wc -l < "$work/stops.csv") - 1)) stops:"
start=$(date +%s.%N)
"$bin" route plan --db "$db" --no-store --stops "$work/stops.csv" --depot "$depot" --teams 1 --shift-hours 0 --seconds "${PLAN_SECONDS:-4.5}" \
    --format csv --output "$work/tour.csv" 2> "$work/tour.log"
end=$(date +%s.%N)
tail -1 "$work/tour.log"
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s wall\n", e - s }'

echo "permitwatch, 4 teams, 8 h, 30 km/h, 30 min a stop:"
start=$(date +%s.%N)
"$bin" route plan --db "$db" --no-store --stops "$work/stops.csv" --depot "$depot" --teams 4 --shift-hours 8 --speed-kmh 30 \
    --service-minutes 30 --seconds "${PLAN_SECONDS:-4.5}" --format csv --output "$work/plan.csv" 2> "$work/plan.log"
end=$(date +%s.%N)
cat "$work/plan.log"
awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f s wall\n", e - s }'
rm -rf "$work"
