#!/usr/bin/env bash
# The HTTP API fuzzed from its own OpenAPI document (issue 16, point 5): schemathesis generates
# requests for every operation of GET /api, without a token and with a reader's, an editor's and
# an admin's, until at least N requests were sent (default 2,000).
#
#     scripts/fuzz-http.sh [--requests N] [--seed S] [DATABASE]
#
# DATABASE is copied first (it is never written; default: the default dataset, made once), the
# tokens are made in the copy, and `permitwatch serve` runs on it (the release build, or
# BIN=path). Every response is checked:
#   - not_a_server_error: no 5xx (a deliberate 503 busy included: the fuzzer's load is small);
#   - problem_documents (scripts/fuzz/problem_checks.py): every 4xx is application/problem+json,
#     a JSON object with its title and its status;
#   - response_schema_conformance and content_type_conformance: the answer is what the API
#     document says (status, media type, JSON schema).
# The server must still run at the end. Prints the requests by pass and by status, and exits 1
# when a check failed or the server died; schemathesis's reports stay in WORK (printed).
# Needs the tests' Python (scripts/setup.sh --tests), into which schemathesis is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=2000
seed=16
while [ $# -gt 0 ]; do
    case "$1" in
        --requests) requests="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        -*) echo "usage: scripts/fuzz-http.sh [--requests N] [--seed S] [DATABASE]" >&2; exit 64 ;;
        *) break ;;
    esac
done
source scripts/lib/python.sh
source scripts/lib/server.sh
python_with "schemathesis=schemathesis>=4,<5"
schemathesis="$(dirname "$python")/schemathesis"
server_binary
work="${PERMITWATCH_FUZZ_WORK:-$(mktemp -d /tmp/permitwatch-fuzz.XXXXXX)}"
server_database "${1:-}" "$work"
server_tokens
server_start
# The reports stay in WORK; the copy of the database goes.
trap 'kill -TERM "$pid" 2> /dev/null || true; wait "$pid" 2> /dev/null || true; rm -f "$db" "$db-wal" "$db-shm"' EXIT
echo "fuzzing $base/api (server $pid on a copy of ${1:-the default dataset}), at least $requests requests"

log="$work/responses.tsv"
: > "$log"
# Each pass: schemathesis over every operation, as one kind of client. A full-size run starts
# with every phase (examples, the coverage of each parameter's edges, fuzzing, stateful
# sequences); more fuzzing passes follow, each with the next seed, until enough were sent.
passes=("anonymous" "reader" "editor" "admin")
phases="examples,coverage,fuzzing,stateful"
examples=$(( requests >= 1000 ? 5 : (requests + 159) / 160 ))
[ "$requests" -ge 1000 ] || phases="fuzzing"
failed=0
pass=0
while :; do
    who="${passes[$((pass % 4))]}"
    header=()
    case "$who" in
        reader) header=(-H "Authorization: Bearer $reader_token") ;;
        editor) header=(-H "Authorization: Bearer $editor_token") ;;
        admin) header=(-H "Authorization: Bearer $admin_token") ;;
    esac
    before=$(wc -l < "$log")
    set +e
    PERMITWATCH_FUZZ_LOG="$log" SCHEMATHESIS_HOOKS=problem_checks PYTHONPATH="scripts/fuzz${PYTHONPATH:+:$PYTHONPATH}" \
        "$schemathesis" run "$base/api" "${header[@]}" \
        --checks not_a_server_error,problem_documents,response_schema_conformance,content_type_conformance \
        --phases "$phases" --max-examples "$examples" --seed "$((seed + pass))" --workers 1 \
        --request-timeout 60 --continue-on-failure --suppress-health-check all --warnings off --no-color \
        --report junit --report-dir "$work/report-$pass-$who" > "$work/schemathesis-$pass-$who.log" 2>&1
    status=$?
    set -e
    sent=$(( $(wc -l < "$log") - before ))
    summary=$(grep -E "^ *[0-9]+ generated" "$work/schemathesis-$pass-$who.log" | tail -1 | sed 's/^ *//' || true)
    echo "pass $((pass + 1)) ($who, phases $phases): $sent requests; schemathesis: ${summary:-no summary} (exit $status)"
    if [ "$status" -ne 0 ]; then
        failed=1
        sed -n '/^=* *\(FAILURES\|ERRORS\) *=*$/,/^=* *SUMMARY *=*$/p' "$work/schemathesis-$pass-$who.log" | cut -c1-300 | head -120
    fi
    kill -0 "$pid" 2> /dev/null || { echo "the server died during pass $((pass + 1)):"; tail -40 "$server_log"; exit 1; }
    pass=$((pass + 1))
    total=$(wc -l < "$log")
    if [ "$pass" -ge 4 ] && { [ "$total" -ge "$requests" ] || [ "$pass" -ge 12 ]; }; then break; fi
    [ "$pass" -lt 4 ] || phases="fuzzing"
done

echo "responses by status:"
cut -f1 "$log" | sort | uniq -c | sort -k2 | sed 's/^/  /'
"$python" - "$log" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8")]
five = [r for r in rows if r[0].startswith("5")]
bare = [r for r in rows if r[0].startswith("4") and not r[3].startswith("application/problem+json")]
print(f"{len(rows)} requests: {len(five)} 5xx, {len(bare)} 4xx without a problem document")
for r in (five + bare)[:20]:
    print("  ", " ".join(r))
sys.exit(1 if five or bare else 0)
PY
[ "$total" -ge "$requests" ] || { echo "only $total requests were sent; $requests were asked for"; failed=1; }
server_alive || { echo "the server does not answer after the fuzzing"; tail -40 "$server_log"; exit 1; }
echo "server alive after $total fuzzed requests; reports in $work"
[ "$failed" -eq 0 ] || { echo "FAILED: see the failures above"; exit 1; }
echo "fuzz passed: $total requests, no 5xx, every 4xx a problem document, every answer as documented"
