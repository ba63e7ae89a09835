#!/usr/bin/env bash
# Crash safety of a snapshot ingest (issue 16, point 3): SIGKILL at random moments.
#
#     scripts/crash-test.sh [--kills N] [--sources N] WORKDIR
#
# Generates a province of N touched sources (default 661,494: the full province; the tests use
# a few thousand) and a database of it in WORKDIR (unless there), and a second snapshot of its
# register (5 % of the statuses changed, 1 % of the sources gone, 1 % new). Measures an
# uninterrupted `ingest sources SNAPSHOT --as-of DATE` on a copy (the new state), then N times
# (default 20): a fresh copy of the old state, the same ingest killed with SIGKILL after a
# random delay within that time, and then
#   - `permitwatch check` (integrity, the R*Trees against their tables, assignment, status
#     history, schema) must pass;
#   - the sources (count and a checksum of every row's register fields) and the history's
#     length must be exactly the old state's or exactly the new state's;
#   - an ingest acknowledged (exit 0, "loaded" printed) before the kill must be there;
#   - the same ingest run again must succeed and leave the new state.
# Prints one line per kill and a summary; exits 1 at the first violation.
# BIN=path runs another build (default: the release build, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=20
sources=661494
while [ $# -gt 1 ]; do
    case "$1" in
        --kills) kills="$2"; shift 2 ;;
        --sources) sources="$2"; shift 2 ;;
        *) break ;;
    esac
done
work="${1:?usage: crash-test.sh [--kills N] [--sources N] WORKDIR}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --product permitwatch > /dev/null
    BIN="$(swift build -c release --show-bin-path)/permitwatch"
fi
python=/usr/bin/python3
[ -x "$python" ] || python=python3
mkdir -p "$work"
data="$work/data-$sources"
base="$work/base-$sources.sqlite"
snapshot="$work/snapshot-$sources.csv"
if [ ! -f "$base" ]; then
    "$BIN" generate --out "$data" --sources "$sources" > /dev/null
    "$BIN" init --db "$base.tmp" --from "$data" --force > /dev/null
    "$BIN" assign --db "$base.tmp" > /dev/null   # applies every migration and writes the WAL back
    mv "$base.tmp" "$base"
fi
if [ ! -f "$snapshot" ]; then
    "$python" - "$data/sources.csv" "$snapshot" <<'PY'
import csv, random, sys
rng = random.Random(16)
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
status = header.index("status")
out = []
for row in body:
    r = rng.random()
    if r < 0.01:
        continue                                   # gone from the register
    if r < 0.06 and row[status] in ("unlicensed", "registered"):
        row = list(row)
        row[status] = "registered" if row[status] == "unlicensed" else "unlicensed"
    out.append(row)
for k in range(len(body) // 100):                  # newly listed
    row = list(body[rng.randrange(len(body))])
    row[0] = f"CRASH{k:07d}"
    out.append(row)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(header)
    w.writerows(out)
PY
fi

# Count and checksum of the register and the history's length: a state, as one line.
state() {
    "$python" - "$1" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
digest = hashlib.sha256()
count = 0
for row in db.execute("SELECT source_id, name, status, status_date, deadline, removed_on, lon, lat FROM sources ORDER BY source_id"):
    digest.update(repr(row).encode())
    count += 1
events = db.execute("SELECT count(*) FROM events").fetchone()[0]
print(f"{count} sources {digest.hexdigest()[:16]} {events} events")
PY
}

ingest() { "$BIN" ingest sources "$snapshot" --as-of 2021-01-04 --db "$1"; }
fresh() { rm -f "$1" "$1-wal" "$1-shm"; cp "$base" "$1"; }

trial="$work/trial.sqlite"
fresh "$trial"
old=$(state "$trial")
start=$(date +%s.%N)
ingest "$trial" > /dev/null 2>&1
seconds=$("$python" -c "import sys; print(max(0.2, $(date +%s.%N) - $start))")
new=$(state "$trial")
"$BIN" check --db "$trial" > /dev/null
echo "old state: $old"
echo "new state: $new (an uninterrupted ingest: ${seconds%.*}.$(printf %s "${seconds#*.}" | cut -c1-2) s)"
[ "$old" != "$new" ] || { echo "the snapshot changes nothing: no test" >&2; exit 1; }

olds=0; news=0
for k in $(seq 1 "$kills"); do
    fresh "$trial"
    delay=$("$python" -c "import random; print(round(random.uniform(0.05, $seconds * 1.1), 3))")
    # The binary itself in the background (a shell function would run in a subshell, and the
    # kill would reach the subshell, not the ingest).
    "$BIN" ingest sources "$snapshot" --as-of 2021-01-04 --db "$trial" > "$work/ingest.out" 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2> /dev/null || true
    set +e; wait "$pid" 2> /dev/null; status=$?; set -e
    if kill -0 "$pid" 2> /dev/null; then echo "kill $k: the ingest is still running" >&2; exit 1; fi
    acknowledged=no
    if [ "$status" -eq 0 ] && grep -q "^loaded" "$work/ingest.out"; then acknowledged=yes; fi
    if ! "$BIN" check --db "$trial" > "$work/check.out" 2>&1; then
        echo "kill $k after ${delay} s: check failed" >&2; cat "$work/check.out" >&2; exit 1
    fi
    now=$(state "$trial")
    if [ "$now" = "$old" ]; then
        which=old; olds=$((olds + 1))
        [ "$acknowledged" = no ] || { echo "kill $k: the ingest was acknowledged but the old state is there" >&2; exit 1; }
    elif [ "$now" = "$new" ]; then
        which=new; news=$((news + 1))
    else
        echo "kill $k after ${delay} s: neither state: $now" >&2; exit 1
    fi
    if ! ingest "$trial" > "$work/again.out" 2>&1; then
        echo "kill $k: the next ingest failed" >&2; cat "$work/again.out" >&2; exit 1
    fi
    [ "$(state "$trial")" = "$new" ] || { echo "kill $k: the next ingest did not leave the new state" >&2; exit 1; }
    echo "kill $k after ${delay} s (exit $status, acknowledged $acknowledged): $which state, check passed, the next ingest succeeded"
done
echo "survived $kills kills: $olds left the old state, $news the new one; every check passed and every next ingest succeeded"
