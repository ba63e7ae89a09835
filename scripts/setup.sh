#!/usr/bin/env bash
# Installs what permitwatch needs on a fresh Debian (bookworm) machine. Idempotent.
set -euo pipefail

# zlib1g-dev: gzip responses; libjs-leaflet: the map page's Leaflet, served by the binary;
# fonts-noto-cjk: Chinese names in browsers and reports; wrk: the server benchmark;
# chromium: the map page's screenshot test.
packages=(libspatialite-dev libsqlite3-dev libgeos-dev libsqlite3-mod-spatialite spatialite-bin gdal-bin time
          zlib1g-dev libjs-leaflet fonts-noto-cjk wrk chromium)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# The independent reference checks (scripts/reference_assignment.py, the test fixtures' makers)
# use shapely; the Swift build does not need it.
if ! python3 -c 'import shapely, numpy' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check shapely numpy \
        || echo "warning: could not install shapely; the reference checks will be skipped" >&2
fi
# The server tests validate the OpenAPI document with it.
if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator
fi

command -v swift >/dev/null || { echo "error: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
