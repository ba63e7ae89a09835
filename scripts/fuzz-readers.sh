#!/usr/bin/env bash
# The CSV, GeoJSON and query-catalog readers fed generated files (issue 16, point 5): a release
# build of `reader-fuzz` (scripts/ReaderFuzz) reads N mutated files per reader, in process,
# through the readers `ingest sources`, `ingest areas` and a user's query folder use.
#
#     scripts/fuzz-readers.sh [--files N] [--seed S] [--out DIR] [--reader csv|geojson|catalog]...
#
# N defaults to 10,000 per reader (the full size; the tests run 300 per reader), S to 16: the
# same seed makes the same files. A file is accepted, or rejected with the product's located
# message; a crash, a file over 5 s (a watchdog aborts the run), a blank or unlocated message
# or a foreign error is a failure. Prints per reader: files, accepted, rejected, failures, the
# slowest file and its time, peak RSS; exits 1 on any failure, with the failing files in
# OUT/failures (default .build/reader-fuzz) and the line to make each one again. After a crash
# OUT/current names the file being read, and OUT/work-READER/ holds it.
# BIN=path runs another build (default: the release build in .build-release, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
args=(--files 10000)
out=.build/reader-fuzz
while [ $# -gt 0 ]; do
    case "$1" in
        --files|--seed|--reader|--time-limit|--only) args+=("$1" "$2"); shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "usage: fuzz-readers.sh [--files N] [--seed S] [--out DIR] [--reader csv|geojson|catalog]..." >&2; exit 64 ;;
    esac
done
if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path .build-release --product reader-fuzz > /dev/null
    BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/reader-fuzz"
fi
rm -rf "$out/failures" "$out/current"
mkdir -p "$out"
set +e
"$BIN" "${args[@]}" --out "$out" --root "$PWD"
status=$?
set -e
if [ "$status" -gt 1 ] || [ -f "$out/current" ]; then
    # A crash or the watchdog's abort: keep the file that was being read.
    echo "reader-fuzz died (exit $status) on: $(cat "$out/current" 2> /dev/null || echo 'an unknown file')" >&2
    mkdir -p "$out/failures"
    for file in "$out"/work-*/fuzzed.* "$out"/work-catalog/queries/fuzzed.sql; do
        [ -f "$file" ] && cp "$file" "$out/failures/crashed-$(basename "$(dirname "$file")")-$(basename "$file")"
    done
    exit 1
fi
exit "$status"
