#!/usr/bin/env bash
# The main job: install, build (release), create the database from the default dataset and
# print the province summary. Idempotent: an existing database is replaced.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product permitwatch
bin="$(swift build -c release --show-bin-path)/permitwatch"
db="${PERMITWATCH_DB:-permitwatch.sqlite}"
"$bin" init --db "$db" --force
"$bin" summary --db "$db" --by prefecture
