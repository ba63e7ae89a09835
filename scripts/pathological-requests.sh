#!/usr/bin/env bash
# Pathological requests against `permitwatch serve` (issue 16, point 5): oversized bodies,
# deeply nested JSON, a polygon of a million vertices, the world's bbox at 10,000 features a
# page from 50 clients at once, clients that send a byte a second, 10,000 idle connections.
#
#     scripts/pathological-requests.sh [--small] [--idle-timeout S] [--body-timeout S] [DATABASE]
#
# DATABASE is copied first (never written; default: the default dataset, made once); the server
# is the release build (or BIN=path) with its default timeouts unless given. For each case it
# prints what was sent, the status and time the client got (or that the server closed the
# connection) and the server's RSS before, at its peak and after
# (scripts/pathological_requests.py). It fails when the server dies, answers 5xx (but a
# deliberate 503 busy), grows more than 1 GB above its memory before a case (--memory-bound-mb),
# or leaves a request neither answered nor closed within 120 s (slow clients: within the timeout
# + 10 s). --small is the tests' size: a 100,000-vertex polygon, 10 world pages at once, 5 slow
# clients of each kind, 1,000 idle connections, and 3 s timeouts.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=()
idle=30
body=30
while [ $# -gt 0 ]; do
    case "$1" in
        --small)
            sizes=(--vertices 100000 --clients 10 --slow-clients 5 --idle-connections 1000 --request-bound 60)
            idle=3; body=3; shift ;;
        --idle-timeout) idle="$2"; shift 2 ;;
        --body-timeout) body="$2"; shift 2 ;;
        --memory-bound-mb) sizes+=(--memory-bound-mb "$2"); shift 2 ;;
        -*) echo "usage: scripts/pathological-requests.sh [--small] [--idle-timeout S] [--body-timeout S] [--memory-bound-mb MB] [DATABASE]" >&2; exit 64 ;;
        *) break ;;
    esac
done
source scripts/lib/python.sh
source scripts/lib/server.sh
server_prepare pathological "${1:-}"
server_start --idle-timeout "$idle" --body-timeout "$body"
echo "server $pid at $base on a copy of ${1:-the default dataset} (--idle-timeout $idle --body-timeout $body; its open files: $(awk '/Max open files/ { print $4 }' "/proc/$pid/limits"))"
status=0
"$python" scripts/pathological_requests.py "$base" "$pid" "$editor_token" --idle-timeout "$idle" --body-timeout "$body" "${sizes[@]}" || status=$?
if ! kill -0 "$pid" 2> /dev/null; then
    echo "the server died:"; tail -40 "$server_log"; exit 1
fi
server_stop
[ "$server_status" -eq 0 ] || { echo "the server exited with $server_status after SIGTERM"; status=1; }
exit "$status"
