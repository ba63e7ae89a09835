#!/usr/bin/env bash
# A register too wide for any projection (issue 14): N sources (default 661,500, the province's
# count) around 60 cities of six continents, Fiji across the antimeridian among them, written
# by a seeded generator, then loaded and analysed on the ellipsoid with the release build:
# ingest, summary, clusters, hot spots (1 km cells, a 3 km band), sources-near, and a route
# plan on straight lines. Prints each command's wall seconds and peak memory.
#
#   BIN=.build-release/release/permitwatch bash scripts/world-benchmark.sh WORKDIR [N]
#
# Without BIN it builds the release product first.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:?usage: world-benchmark.sh WORKDIR [N]}"
count="${2:-661500}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --product permitwatch > /dev/null
    BIN="$(swift build -c release --show-bin-path)/permitwatch"
fi
mkdir -p "$work"
register="$work/world-register.csv"
db="$work/world.sqlite"
rm -f "$db" "$db-wal" "$db-shm"

python3 - "$register" "$count" <<'PY'
import math, random, sys
path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(14)
cities = [(-74.0, 40.7), (-87.6, 41.9), (-118.2, 34.1), (-99.1, 19.4), (-46.6, -23.5), (-58.4, -34.6),
          (-70.7, -33.4), (-77.0, -12.0), (-74.1, 4.7), (-79.4, 43.7), (-123.1, 49.3), (-149.9, 61.2),
          (-157.9, 21.3), (179.98, -17.8), (174.8, -36.8), (151.2, -33.9), (144.96, -37.8), (115.9, -31.95),
          (139.7, 35.7), (135.5, 34.7), (126.98, 37.57), (121.5, 31.2), (116.4, 39.9), (113.3, 23.1),
          (114.2, 22.3), (104.1, 30.7), (87.6, 43.8), (126.6, 45.7), (103.8, 1.35), (100.5, 13.75),
          (106.8, -6.2), (121.0, 14.6), (77.2, 28.6), (72.9, 19.1), (88.4, 22.6), (67.0, 24.9),
          (51.4, 35.7), (55.3, 25.3), (46.7, 24.7), (31.2, 30.0), (3.4, 6.5), (36.8, -1.3),
          (28.0, -26.2), (18.4, -33.9), (-17.4, 14.7), (-0.13, 51.5), (2.35, 48.86), (13.4, 52.5),
          (12.5, 41.9), (-3.7, 40.4), (18.1, 59.3), (10.75, 59.9), (24.9, 60.2), (37.6, 55.75),
          (30.3, 59.9), (82.9, 55.0), (104.3, 52.3), (131.9, 43.1), (28.97, 41.0), (23.7, 70.6)]
statuses = ["permitted", "registered", "special", "unlicensed"]
weights = [0.03, 0.59, 0.36, 0.02]
with open(path, "w") as f:
    f.write("source_id,name,status,lon,lat\n")
    for i in range(count):
        lon0, lat0 = cities[i % len(cities)]
        # A city's sources within about 40 km, denser near its centre.
        r = 40_000 * rng.random() ** 2
        a = rng.uniform(0, 2 * math.pi)
        lat = lat0 + r * math.sin(a) / 111_320
        lon = lon0 + r * math.cos(a) / (111_320 * math.cos(math.radians(lat0)))
        lon = (lon + 180) % 360 - 180
        status = rng.choices(statuses, weights)[0]
        f.write(f"W{i:07d},source {i},{status},{lon:.6f},{lat:.6f}\n")
PY

timed() {
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/out.txt" 2> "$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
    read -r seconds kb < "$work/time.txt"
    printf '%-58s %7.2f s %6d MB  %s\n' "$label" "$seconds" $((kb / 1024)) "$(head -c 150 "$work/out.txt" | tr '\n' ' ')"
}
echo "$count sources around 60 cities of six continents"
timed "ingest sources" "$BIN" ingest sources "$register" --db "$db"
"$BIN" summary --db "$db" | head -1
timed "clusters (unlicensed, eps 300 m, min-points 5)" "$BIN" clusters --db "$db" --eps 300 --min-points 5 --format csv
timed "clusters (every source, eps 100 m, min-points 20)" "$BIN" clusters --db "$db" --status permitted,registered,rectifying,special,unlicensed --eps 100 --min-points 20 --format csv --no-store
timed "hotspots (1 km cells, 3 km band)" "$BIN" hotspots --db "$db" --grid square:1000 --neighbours band:3000 --format csv
timed "query sources-near (Suva, 2 km, across the antimeridian)" "$BIN" query sources-near --db "$db" --param at=179.999,-17.8 --param radius=2000 --format csv
timed "route plan (Sydney's unlicensed within 15 km, 2 teams, straight lines)" "$BIN" route plan --db "$db" --query sources-near --param at=151.2,-33.9 --param radius=15000 --param status=unlicensed --depot 151.2,-33.9 --teams 2 --seconds 2 --no-store --format csv
