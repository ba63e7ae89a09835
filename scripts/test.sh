#!/usr/bin/env bash
# The whole test suite: install, build and run every test. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
