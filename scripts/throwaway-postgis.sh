#!/usr/bin/env bash
# A throw-away PostgreSQL 15 with PostGIS 3 (Debian's packages, scripts/setup.sh --tests
# installs them), in a temporary folder, on a free port of 127.0.0.1, for the tests and the
# benchmarks; nothing of the machine's own PostgreSQL is touched.
#
#   eval "$(scripts/throwaway-postgis.sh start)"   prints the exports: PERMITWATCH_TEST_POSTGRES
#                                                  (a postgresql:// URL), PERMITWATCH_TEST_PGBOUNCER
#                                                  (the same database through PgBouncer in
#                                                  transaction mode, when pgbouncer is installed)
#                                                  and PERMITWATCH_TEST_POSTGRES_DIR
#   scripts/throwaway-postgis.sh stop DIR          stops that server (and its PgBouncer) and
#                                                  removes its folder
#
# Options of start: --durable keeps PostgreSQL's crash safety (fsync, full-page writes) for a
# benchmark; by default they are off, as a test server that is thrown away needs none of them.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
as_owner() {
    # initdb and postgres refuse to run as root: as root, the folder belongs to `postgres`.
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
    durable=false
    [ "${2:-}" = "--durable" ] && durable=true
    [ -x "$bin/initdb" ] || { echo "error: $bin/initdb not found: run scripts/setup.sh --tests" >&2; exit 1; }
    [ -f /usr/share/postgresql/15/extension/postgis.control ] || {
        echo "error: PostGIS 3 for PostgreSQL 15 is not installed: run scripts/setup.sh --tests" >&2; exit 1; }
    dir=$(mktemp -d /tmp/permitwatch-postgres.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U permitwatch --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2; exit 1; }
    settings="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200"
    settings+=" -c shared_buffers=512MB -c maintenance_work_mem=512MB -c max_wal_size=4GB"
    $durable || settings+=" -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$settings" -w start >/dev/null || {
        cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U permitwatch permitwatch
    echo "export PERMITWATCH_TEST_POSTGRES=postgresql://permitwatch@127.0.0.1:$port/permitwatch"
    if [ -x /usr/sbin/pgbouncer ]; then
        # PgBouncer in transaction mode with a pool smaller than the store's: a server
        # connection serves whichever client's transaction comes next, as at a bureau that
        # puts one in front of its database.
        bouncer_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        echo '"permitwatch" ""' > "$dir/userlist.txt"
        cat > "$dir/pgbouncer.ini" <<INI
[databases]
permitwatch = host=127.0.0.1 port=$port dbname=permitwatch user=permitwatch
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 500
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
ignore_startup_parameters = extra_float_digits
INI
        [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pgbouncer.ini" "$dir/userlist.txt"
        as_owner /usr/sbin/pgbouncer -d -q "$dir/pgbouncer.ini" || { cat "$dir/pgbouncer.log" >&2; exit 1; }
        echo "export PERMITWATCH_TEST_PGBOUNCER=postgresql://permitwatch@127.0.0.1:$bouncer_port/permitwatch"
    fi
    echo "export PERMITWATCH_TEST_POSTGRES_DIR=$dir"
    ;;
stop)
    dir="${2:?usage: scripts/throwaway-postgis.sh stop DIR}"
    case "$dir" in /tmp/permitwatch-postgres.*) ;; *) echo "error: $dir is not a throw-away server's folder" >&2; exit 64 ;; esac
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: scripts/throwaway-postgis.sh start [--durable] | stop DIR" >&2
    exit 64
    ;;
esac
