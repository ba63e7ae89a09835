#!/usr/bin/env bash
# The whole test suite: install what is missing (apt-get and pip run only then), build and run
# every test. Idempotent. Tests whose real data (../shared/realdata) or tool is missing are
# reported as skipped with the reason; with CI=true they run and fail instead.
#
# The PostGIS store's tests run against a throw-away PostgreSQL 15 with PostGIS 3 started here
# (scripts/throwaway-postgis.sh) and removed at the end; set PERMITWATCH_TEST_POSTGRES to a
# postgresql:// URL of your own to use that instead (its database gets schemas named
# permitwatch_test_…, dropped by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
if [ -z "${PERMITWATCH_TEST_POSTGRES:-}" ]; then
    eval "$(scripts/throwaway-postgis.sh start)"
    trap 'scripts/throwaway-postgis.sh stop "$PERMITWATCH_TEST_POSTGRES_DIR"' EXIT
fi
swift build --build-tests
swift test --skip-build
