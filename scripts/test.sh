#!/usr/bin/env bash
# The whole test suite: install what is missing (apt-get and pip run only then), build and run
# every test. Idempotent. Tests whose real data (../shared/realdata) or tool is missing are
# reported as skipped with the reason; with CI=true they run and fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
swift build --build-tests
swift test --skip-build
