#!/usr/bin/env bash
# The main job: install, build (release), create the database from the default dataset, print
# the province summary, then serve it (OGC API - Features and the map) until stopped with
# Ctrl-C. Idempotent: an existing database is replaced. PERMITWATCH_PORT sets the port (8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product permitwatch
bin="$(swift build -c release --show-bin-path)/permitwatch"
db="${PERMITWATCH_DB:-permitwatch.sqlite}"
"$bin" init --db "$db" --force
"$bin" summary --db "$db" --by prefecture
exec "$bin" serve --db "$db" --port "${PERMITWATCH_PORT:-8080}"
