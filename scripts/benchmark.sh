#!/usr/bin/env bash
# Full-province benchmark (release build): every stage's wall time and peak memory, then the
# end-to-end commands under /usr/bin/time, then the shapely reference check of the assignment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product permitwatch
bin="$(swift build -c release --show-bin-path)/permitwatch"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
"$bin" benchmark --work "$work"
echo
echo "end to end (wall seconds, peak MB):"
t() { /usr/bin/time -f "%e s  %M KB" "$@" > /dev/null; }
rm -rf "$work/e2e"; mkdir -p "$work/e2e"
printf 'generate  '; t "$bin" generate --out "$work/e2e/dataset"
printf 'init      '; t "$bin" init --from "$work/e2e/dataset" --db "$work/e2e/db.sqlite" --force
printf 'assign    '; t "$bin" assign --db "$work/e2e/db.sqlite"
echo
echo "reference check (shapely) of every source's town:"
python3 scripts/reference_assignment.py --areas "$work/e2e/dataset/towns.geojson" --db "$work/e2e/db.sqlite"
