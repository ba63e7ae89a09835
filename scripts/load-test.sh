#!/usr/bin/env bash
# Load with authenticated writes (issue 16, point 6): wrk on a mix of reads while inspections
# are posted at a steady rate.
#
#     scripts/load-test.sh [--seconds 60] [--connections 100] [--writes-per-second 20] [--write-date DATE] [DATABASE]
#
# DATABASE is copied first (never written; default: the default dataset, made once); the server
# is the release build (or BIN=path). Two wrk processes run at once for SECONDS, each with half
# the connections (scripts/bench/read_mix.lua):
#   - page reads: random bbox pages of /collections/sources/items (boxes of 0.02-0.25 degrees at
#     random places inside the data's extent, limit 10 to 1,000);
#   - the other reads, in turn: an item by a random existing id, the catalog (/queries), a
#     catalog query (sources-near a random place) and a prefecture's weekly report (JSON).
# wrk reports latency by process, not by URL, so the page reads have a process of their own:
# their p99 is that process's. The overall percentiles merge the two processes' latency
# distributions (each written as 1,001 percentiles, weighted by its requests). Meanwhile
# scripts/bench/inspection_writer.py posts WRITES inspections a second with an editor's token,
# each with its own Idempotency-Key, dated DATE: by default the data's latest day, as an officer
# dates today's inspection (then last week's reports stay as they were made); --write-date with a
# day inside a reported week makes every report of that week and later be made again, write
# after write. Before the load, each prefecture's weekly report is asked for once (as a bureau
# reads them on Monday), so the load measures serving them, not their first computation. The server's peak RSS is its VmHWM.
# Fails when any read is not 2xx, any socket error or timeout occurs, any write is not
# acknowledged, or the server dies. The p99 of the page reads is printed against its target
# (100 ms) but is not a failure: it depends on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
connections=100
writes=20
write_date=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --writes-per-second) writes="$2"; shift 2 ;;
        --write-date) write_date="$2"; shift 2 ;;
        -*) echo "usage: scripts/load-test.sh [--seconds 60] [--connections 100] [--writes-per-second 20] [--write-date DATE] [DATABASE]" >&2; exit 64 ;;
        *) break ;;
    esac
done
command -v wrk > /dev/null || { echo "error: wrk is not installed (apt-get install wrk, or scripts/setup.sh)" >&2; exit 1; }
source scripts/lib/python.sh
source scripts/lib/server.sh
server_prepare load "${1:-}"
# What the mix reads: the data's extent, 10,000 existing ids, the prefectures' codes.
"$python" - "$db" "$work" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
extent = db.execute("SELECT min(lon), min(lat), max(lon), max(lat) FROM sources WHERE removed_on IS NULL").fetchone()
open(f"{sys.argv[2]}/extent", "w").write(",".join(f"{v:.4f}" for v in extent))
ids = [r[0] for r in db.execute("SELECT source_id FROM sources WHERE removed_on IS NULL ORDER BY random() LIMIT 10000")]
open(f"{sys.argv[2]}/ids", "w").write("\n".join(ids) + "\n")
codes = [r[0] for r in db.execute("SELECT code FROM areas WHERE level = 'prefecture' ORDER BY code")]
open(f"{sys.argv[2]}/prefectures", "w").write("\n".join(codes) + "\n")
open(f"{sys.argv[2]}/latest-day", "w").write(db.execute("SELECT max(date) FROM events").fetchone()[0] or "")
PY
server_start
echo "server $pid at $base on a copy of ${1:-the default dataset}: $(wc -l < "$work/ids") ids, $(wc -l < "$work/prefectures") prefectures, extent $(cat "$work/extent")"
echo "load: $connections connections for $seconds s (half on bbox pages, half on the other reads), $writes inspections a second"
[ -n "$write_date" ] || write_date="$(cat "$work/latest-day")"
warm_start=$(date +%s%N)
while read -r code; do
    curl -sf -o /dev/null -m 120 "$base/reports/weekly?f=json&area=$code" || { echo "error: the weekly report of $code failed before the load" >&2; exit 1; }
done < "$work/prefectures"
echo "the prefectures' weekly reports made before the load in $(( ($(date +%s%N) - warm_start) / 1000000 )) ms; inspections dated $write_date"
echo "server RSS before: $(( $(server_rss_kb) / 1024 )) MB"

export PERMITWATCH_EXTENT="$(cat "$work/extent")" PERMITWATCH_IDS="$work/ids" PERMITWATCH_PREFECTURES="$work/prefectures"
half=$(( connections / 2 ))
threads=$(( half >= 2 ? 2 : 1 ))
PERMITWATCH_MIX=pages PERMITWATCH_RESULT="$work/pages.json" \
    wrk -t"$threads" -c"$half" -d"${seconds}s" --timeout 30s -s scripts/bench/read_mix.lua "$base" > "$work/pages.out" 2> "$work/pages.err" &
pages_pid=$!
PERMITWATCH_MIX=others PERMITWATCH_RESULT="$work/others.json" \
    wrk -t"$threads" -c"$(( connections - half ))" -d"${seconds}s" --timeout 30s -s scripts/bench/read_mix.lua "$base" > "$work/others.out" 2> "$work/others.err" &
others_pid=$!
writer_pid=""
if [ "$writes" != 0 ]; then
    "$python" scripts/bench/inspection_writer.py "$base" "$editor_token" "$work/ids" "$writes" "$seconds" "$work/writes.json" "$write_date" &
    writer_pid=$!
fi
peak_rss=0
while kill -0 "$pages_pid" 2> /dev/null || kill -0 "$others_pid" 2> /dev/null; do
    rss=$(server_rss_kb); [ "${rss:-0}" -le "$peak_rss" ] || peak_rss=$rss
    sleep 0.5
done
wait "$pages_pid" || true
wait "$others_pid" || true
[ -z "$writer_pid" ] || wait "$writer_pid" || true
alive=yes
server_alive || alive=no
hwm=$(server_hwm_kb)
cat "$work/pages.err" "$work/others.err" | head -6
"$python" - "$work" "$writes" "$seconds" "${hwm:-0}" "$alive" <<'PY'
import json, os, sys
work, writes, seconds, hwm_kb, alive = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = [json.load(open(f"{work}/{m}.json")) for m in ("pages", "others")]

def quantile(run, q):
    """The latency (ms) at quantile q (0-100) of one run, from its percentiles."""
    for p, us in run["percentiles_us"]:
        if p >= q:
            return us / 1000
    return run["percentiles_us"][-1][1] / 1000

def merged(q):
    """The latency (ms) at quantile q of both runs together: the smallest x whose combined CDF reaches q."""
    total = sum(r["requests"] for r in runs)
    candidates = sorted({us / 1000 for r in runs for _, us in r["percentiles_us"]})
    def cdf(run, x):
        below = [p for p, us in run["percentiles_us"] if us / 1000 <= x]
        return (max(below) if below else 0) / 100
    for x in candidates:
        if sum(r["requests"] * cdf(r, x) for r in runs) / total >= q / 100:
            return x
    return candidates[-1]

requests = sum(r["requests"] for r in runs)
rps = sum(r["requests"] / (r["duration_us"] / 1e6) for r in runs)
errors = {k: sum(r["errors"][k] for r in runs) for k in runs[0]["errors"]}
non2xx = sum(r["non2xx"] for r in runs)
pages = runs[0]
print(f"reads: {requests} in {seconds:.0f} s, {rps:.0f} requests/s; latency p50 {merged(50):.1f} ms, p99 {merged(99):.1f} ms (both processes merged)")
print(f"  bbox pages: {pages['requests']} ({pages['requests'] / (pages['duration_us'] / 1e6):.0f}/s), p50 {quantile(pages, 50):.1f} ms, p99 {quantile(pages, 99):.1f} ms, max {quantile(pages, 100):.1f} ms (target p99 <= 100 ms: {'met' if quantile(pages, 99) <= 100 else 'NOT met'})")
other = runs[1]
print(f"  other reads: {other['requests']} ({other['requests'] / (other['duration_us'] / 1e6):.0f}/s), p50 {quantile(other, 50):.1f} ms, p99 {quantile(other, 99):.1f} ms, max {quantile(other, 100):.1f} ms")
print(f"  non-2xx {non2xx}; socket errors: connect {errors['connect']}, read {errors['read']}, write {errors['write']}, timeout {errors['timeout']}; wrk's status errors {errors['status']}")
failed = non2xx + sum(v for k, v in errors.items() if k != "status")  # wrk's status errors are among the non-2xx
if writes > 0:
    w = json.load(open(f"{work}/writes.json"))
    print(f"writes: {w['sent']} sent at {writes:g}/s, {w['acknowledged']} acknowledged, {w['failed']} failed {w['statuses']}; latency p50 {w['p50_ms']:.1f} ms, p99 {w['p99_ms']:.1f} ms, max {w['max_ms']:.1f} ms")
    failed += w["failed"] + (0 if w["sent"] >= int(writes * seconds) else 1)
print(f"server peak RSS (VmHWM): {hwm_kb // 1024} MB; alive after the load: {alive}")
if alive != "yes":
    failed += 1
print("load passed: 0 errors" if failed == 0 else f"FAILED: {failed} errors")
sys.exit(1 if failed else 0)
PY
