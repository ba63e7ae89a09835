# Sourced by the scripts that test a running server (fuzz-http.sh, pathological-requests.sh,
# load-test.sh): the binary, a copy of the database with tokens of each role, a server on a free
# port of the loopback address, its memory.
#
#   server_prepare NAME DATABASE     all of the next three in a new WORK (/tmp/permitwatch-NAME.*),
#                                    set as $work, removed with the server stopped on exit
#   server_binary                    sets $BIN: $BIN if given, else the release build (built first)
#   server_database DATABASE WORK    copies DATABASE (never written) to WORK/served.sqlite, sets $db;
#                                    without DATABASE, the default dataset (made once, cached)
#   server_tokens                    sets $reader_token, $editor_token, $admin_token (made in $db)
#   server_start [serve options…]    starts `permitwatch serve` on $db, sets $pid, $port, $base
#   server_rss_kb / server_hwm_kb    the server's resident memory now / its peak (kB)
#   server_alive                     whether it still runs and answers /health
#   server_stop                      SIGTERM, waits; the exit status in $server_status
pid=""

server_prepare() {
    server_binary
    work="$(mktemp -d "/tmp/permitwatch-$1.XXXXXX")"
    trap 'kill -TERM "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
    server_database "$2" "$work"
    server_tokens
}

server_binary() {
    if [ -z "${BIN:-}" ]; then
        swift build -c release --scratch-path .build-release --product permitwatch > /dev/null
        BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/permitwatch"
    fi
    [ -x "$BIN" ] || { echo "error: $BIN is not an executable" >&2; exit 1; }
}

server_database() {
    local source="$1" work="$2"
    mkdir -p "$work"
    if [ -z "$source" ]; then
        source="${PERMITWATCH_BENCH_DB:-$HOME/.cache/permitwatch/benchmark.sqlite}"
        [ -f "$source" ] || "$BIN" init --db "$source" > /dev/null
    fi
    [ -f "$source" ] || { echo "error: no database at $source" >&2; exit 1; }
    db="$work/served.sqlite"
    rm -f "$db" "$db-wal" "$db-shm"
    # SQLite's backup of a consistent snapshot (the WAL included), not a copy of the file alone.
    "$python" -c 'import sqlite3, sys
src = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True); dst = sqlite3.connect(sys.argv[2])
src.backup(dst); dst.close()' "$source" "$db"
}

server_tokens() {
    local tag
    tag="$(date +%s)-$$"
    reader_token=$("$BIN" token create --db "$db" --name "reader $tag" --role reader 2> /dev/null)
    editor_token=$("$BIN" token create --db "$db" --name "editor $tag" --role editor 2> /dev/null)
    admin_token=$("$BIN" token create --db "$db" --name "admin $tag" --role admin 2> /dev/null)
}

server_start() {
    server_log="${server_log:-$(dirname "$db")/serve.log}"
    "$BIN" serve --db "$db" --port 0 --log-level warning "$@" > "$server_log" 2>&1 &
    pid=$!
    port=""
    for _ in $(seq 600); do
        port=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$server_log" 2> /dev/null | head -1 | grep -o '[0-9]*/$' | tr -d / || true)
        if [ -n "$port" ]; then break; fi
        kill -0 "$pid" 2> /dev/null || { echo "error: the server did not start" >&2; cat "$server_log" >&2; exit 1; }
        sleep 0.1
    done
    [ -n "$port" ] || { echo "error: the server did not start in 60 s" >&2; cat "$server_log" >&2; exit 1; }
    base="http://127.0.0.1:$port"
}

server_rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2> /dev/null || echo 0; }
server_hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2> /dev/null || echo 0; }

server_alive() { kill -0 "$pid" 2> /dev/null && curl -sf -m 10 "$base/health" > /dev/null; }

server_stop() {
    server_status=0
    if kill -0 "$pid" 2> /dev/null; then
        kill -TERM "$pid"
        wait "$pid" || server_status=$?
    else
        wait "$pid" || server_status=$?
    fi
}
