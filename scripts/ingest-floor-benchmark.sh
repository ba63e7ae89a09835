#!/usr/bin/env bash
# `ingest sources` of the full province against SQLite's floor, in the same run (release build).
#
#     scripts/ingest-floor-benchmark.sh [WORKDIR] [ROUNDS]
#
# Generates the default province in WORKDIR (unless there), builds a database of its areas
# only, then ROUNDS times (default 5), in turn:
#   - `permitwatch ingest sources` of its 681,339 rows into a fresh copy of that database, under
#     /usr/bin/time: the ingest's own time (the sum of the parts it reports: reading, placing,
#     writing, indexing, committing; what `permitwatch benchmark` times as its stage), the
#     command's wall time (start-up and the write-back of the WAL when it closes included),
#     and its peak resident memory;
#   - scripts/sqlite_write_floor.py, once, on the database that ingest wrote: SQLite alone
#     inserting the same rows, building the id index and the R*Tree rows, and committing.
# Each starts after `sync`, so that neither pays for the other's writes still going to the disk.
# Then the medians and the ratio of the ingest's own time to the floor. BIN=path runs another
# build (for a comparison with an earlier commit).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-${TMPDIR:-/tmp}/permitwatch-ingest-benchmark}"
rounds="${2:-5}"
source scripts/lib/stores.sh
stores_binary
mkdir -p "$work"
[ -f "$work/full/sources.csv" ] || "$BIN" generate --out "$work/full" > /dev/null
if [ ! -f "$work/areas.sqlite" ]; then
    stores_areas_only "$work/full" "$work/areas"
    "$BIN" init --from "$work/areas" --db "$work/areas.sqlite" --force > /dev/null 2>&1
fi

own=(); wall=(); peak=(); floor=()
for round in $(seq 1 "$rounds"); do
    rm -f "$work/db.sqlite" "$work/db.sqlite-wal" "$work/db.sqlite-shm"
    cp "$work/areas.sqlite" "$work/db.sqlite"
    # Each measurement starts with nothing left for the kernel to write back from the one before.
    sync
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$BIN" ingest sources "$work/full/sources.csv" --db "$work/db.sqlite" \
        > /dev/null 2> "$work/ingest.log"
    parts=$(grep -m1 '^where the time went:' "$work/ingest.log" | sed 's/^where the time went: //')
    seconds=$(echo "$parts" | grep -oE '[0-9]+\.[0-9]+ s' | awk '{ total += $1 } END { printf "%.2f", total }')
    read -r command_wall command_kb < "$work/time.txt"
    sync
    measured=$(python3 scripts/sqlite_write_floor.py "$work/db.sqlite" --repeats 1 | grep -oE 'median [0-9.]+' | cut -d' ' -f2)
    own+=("$seconds"); wall+=("$command_wall"); peak+=("$((command_kb / 1024))"); floor+=("$measured")
    echo "round $round: ingest $seconds s ($parts); command $command_wall s, $((command_kb / 1024)) MB; SQLite alone $measured s"
done
python3 - "${own[*]}" "${wall[*]}" "${peak[*]}" "${floor[*]}" <<'PY'
import statistics, sys
own, wall, peak, floor = ([float(x) for x in arg.split()] for arg in sys.argv[1:5])
ratios = [o / f for o, f in zip(own, floor)]
print(f"median: ingest {statistics.median(own):.2f} s, command {statistics.median(wall):.2f} s, "
      f"peak {statistics.median(peak):.0f} MB, SQLite alone {statistics.median(floor):.2f} s")
print(f"ingest / SQLite alone: median {statistics.median(ratios):.2f} "
      f"(rounds {', '.join(f'{r:.2f}' for r in ratios)}); median of ingests / median of floors "
      f"{statistics.median(own) / statistics.median(floor):.2f}")
PY
