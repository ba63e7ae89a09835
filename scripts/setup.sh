#!/usr/bin/env bash
# Installs what permitwatch needs on a fresh Debian (bookworm) machine. Idempotent, and quick
# when nothing is missing: one dpkg-query (and, with --tests, one import check in the tests'
# Python); apt-get and pip run only for what is missing.
#
#   scripts/setup.sh           the build and the `permitwatch` binary (scripts/run.sh): no Python
#   scripts/setup.sh --tests   also the test tools (scripts/test.sh): GDAL, Chromium, fontconfig,
#                              PostgreSQL 15 with PostGIS 3, and the Python of the reference
#                              checks, a virtual environment
#
# The tests' Python is a virtual environment made from Debian's /usr/bin/python3 with its
# system packages visible (python3-numpy comes from Debian), at $PERMITWATCH_VENV (default
# ~/.cache/permitwatch/venv); pip installs into it only what Debian lacks or has too old:
# shapely 2 (bookworm's python3-shapely is 1.8; scripts/reference_assignment.py uses shapely 2's
# vectorised API; below 2.2, which needs numpy 1.26, newer than bookworm's),
# openapi-spec-validator (not packaged in bookworm) and pyproj (the geodesic references of the
# metric CRS, Tests/GeoKitTests/Fixtures/make_metric_crs_reference.py), xlwt (the .xls
# fixtures GDAL cannot write, scripts/write_xls.py) and schemathesis 4 (the API fuzzed from its
# OpenAPI document, scripts/fuzz-http.sh). Nothing is ever
# installed with pip into a system Python (PEP 668), whatever `python3` is first on PATH.
set -euo pipefail

tests=false
case "${1:-}" in
    --tests) tests=true ;;
    "") ;;
    *) echo "usage: scripts/setup.sh [--tests]" >&2; exit 64 ;;
esac

command -v swift >/dev/null || { echo "error: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }

# libgdal-dev: GDAL/OGR, through which ingest reads Shapefile, GeoPackage, FileGDB, KML and
# XLSX/ODS (the GeoFiles module links it, so the build needs it); gdal-bin: ogr2ogr/ogrinfo, with
# which the tests make their fixtures and read the server's output; zlib1g-dev: gzip responses;
# libjs-leaflet: the map page's Leaflet, served by the binary; fonts-noto-cjk: Chinese names in
# browsers and reports; spatialite-bin, time, wrk: looking at the database and the benchmarks.
# None of these needs Python.
packages=(libspatialite-dev libsqlite3-dev libgeos-dev libgdal-dev gdal-bin libsqlite3-mod-spatialite spatialite-bin time
          zlib1g-dev libjs-leaflet fonts-noto-cjk wrk)
# The tests: chromium for the map and report pages; fc-match; Debian's Python, its venv module and
# numpy; PostgreSQL 15 with PostGIS 3 and PgBouncer, of which scripts/throwaway-postgis.sh starts
# a throw-away server with a PgBouncer in front for the PostGIS store's tests (permitwatch itself
# needs no PostgreSQL package: it speaks the protocol through PostgresNIO, to a server of the user's).
$tests && packages+=(chromium fontconfig python3 python3-venv python3-numpy postgresql-15 postgresql-15-postgis-3 pgbouncer)

installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null | awk '$2 == "ii" { print $1 }' || true)
missing=()
for p in "${packages[@]}"; do
    grep -qx -- "$p" <<<"$installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

$tests || exit 0

# The tests' Python (Tests/TestSupport/Python.swift finds it at the same place).
venv="${PERMITWATCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/permitwatch/venv}"
python="$venv/bin/python3"
# Prints the pip requirement of every module the tests need that this Python cannot import.
wanted='
import importlib
for module, requirement, attribute in [("numpy", "numpy", None), ("shapely", "shapely>=2,<2.2", "points"),
                                       ("openapi_spec_validator", "openapi-spec-validator", None),
                                       ("pyproj", "pyproj", None), ("xlwt", "xlwt", None),
                                       ("schemathesis", "schemathesis>=4,<5", None)]:
    try:
        if attribute and not hasattr(importlib.import_module(module), attribute): raise ImportError
        importlib.import_module(module)
    except Exception:
        print(requirement)
'
if ! "$python" -c 'import sys' 2>/dev/null; then
    # Missing, or made from a Python that has gone: (re)create it from Debian's.
    echo "setup: creating the tests' Python environment in $venv" >&2
    mkdir -p "$(dirname "$venv")"
    /usr/bin/python3 -m venv --clear --system-site-packages "$venv"
fi
mapfile -t requirements < <("$python" -c "$wanted")
if [ ${#requirements[@]} -gt 0 ]; then
    echo "setup: pip install ${requirements[*]} into $venv" >&2
    if ! "$python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"; then
        if [ "${CI:-}" = true ]; then
            echo "error: could not install ${requirements[*]} into $venv" >&2
            exit 1
        fi
        echo "warning: could not install ${requirements[*]}; the tests that need them will be reported as skipped" >&2
    fi
fi
