#!/usr/bin/env python3
"""Writes metric_crs_reference.json: geodesic references for the metric CRS of four datasets.

Run in the tests' Python (scripts/setup.sh --tests makes it; pyproj is installed there), from
this directory:

    ~/.cache/permitwatch/venv/bin/python3 make_metric_crs_reference.py > metric_crs_reference.json

Issue 14 asks of the metric CRS a dataset gets: distances up to 50 km within 0.5 % of the
geodesic anywhere in a province-sized extent, within 2 % in a continent-wide one, square cells
equal in area within 1 %. For each case (Guangdong, points across Xinjiang, across
Heilongjiang, across the continental USA; and across China and the world, too wide for any
projection, whose systems measure distances on the ellipsoid) this writes, from pyproj (PROJ and GeographicLib's
geodesics), over the case's extent, corners and edges included:

- `pairs`: point pairs up to 50 km apart with their geodesic distance on the WGS 84 ellipsoid
  (`Geod.inv`), and each point's x/y in the case's metric CRS (PROJ's `Transformer`);
- `cells`: 1 km square cells of the metric CRS (the one holding each sample point), with their
  corners in longitude/latitude (PROJ's inverse) and their area on the ellipsoid
  (`Geod.polygon_area_perimeter`).

`metric_crs` is the system GeoKit's `MetricCRS.fitting` chooses for the extent (the Swift test
checks that it still does); the reference values are PROJ's for that system. MetricCRSTests
then measures GeoKit's own projection of every pair against the geodesic distance, checks its
x/y against PROJ's to 1 mm, its cell corners against PROJ's, and the cells' areas. The worst
errors by PROJ's projection are written under `pyproj_worst` and printed on stderr.
`long_pairs` are pairs anywhere on the globe, up to nearly antipodal, with their geodesic.
"""

import json
import math
import random
import sys

import pyproj

CASES = [
    # name, extent (min lon, min lat, max lon, max lat), the system fitted to it, the distance
    # tolerance (province-sized 0.5 %, continent-wide 2 %).
    ("guangdong", (109.66, 20.22, 117.32, 25.52), "epsg:4547", 0.005),
    ("xinjiang", (73.5, 34.34, 96.38, 49.18),
     "+proj=aea +lat_0=41.76 +lon_0=84.94 +lat_1=36.73 +lat_2=47.23 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs", 0.005),
    # CM 129E, the nearest zone, would use 0.48 % and 0.98 % at the west edge (7.8 degrees off its
    # meridian at 43.4 N): past the margin GeoKit keeps, so the conic.
    ("heilongjiang", (121.18, 43.42, 135.09, 53.56),
     "+proj=aea +lat_0=48.49 +lon_0=128.14 +lat_1=45.03 +lat_2=52.2 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs", 0.005),
    ("continental-usa", (-124.73, 24.52, -66.95, 49.38),
     "+proj=aea +lat_0=36.95 +lon_0=-95.84 +lat_1=28.66 +lat_2=46.27 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs", 0.02),
    # Too wide for any projection to keep 2 % (the conic leaves 2.4 % across China's 35 degrees
    # of latitude, 48 % across the world): distances on the ellipsoid, the conic for cells.
    ("china", (73.5, 18.2, 135.1, 53.6),
     "geodesic +proj=aea +lat_0=35.9 +lon_0=104.3 +lat_1=24.36 +lat_2=49.49 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs", 0.02),
    ("world", (-179.0, -55.0, 179.0, 71.0),
     "geodesic +proj=aea +lat_0=8 +lon_0=0 +lat_1=-35.74 +lat_2=59.58 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs", 0.02),
]

GEODESIC = "geodesic "


GEOD = pyproj.Geod(ellps="WGS84")
CELL = 1000.0


def crs_of(text):
    text = text[len(GEODESIC):] if text.startswith(GEODESIC) else text
    return pyproj.CRS(text.upper()) if text.startswith("epsg:") else pyproj.CRS.from_proj4(text)


def sample_points(extent, rng, grid=11, extra=150):
    """A grid over the extent, edges and corners included, and random points inside it."""
    min_lon, min_lat, max_lon, max_lat = extent
    points = []
    for i in range(grid):
        for j in range(grid):
            points.append((min_lon + (max_lon - min_lon) * i / (grid - 1), min_lat + (max_lat - min_lat) * j / (grid - 1)))
    for _ in range(extra):
        points.append((rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)))
    return points


def case_reference(name, extent, metric_crs, tolerance, rng):
    to_metric = pyproj.Transformer.from_crs("EPSG:4326", crs_of(metric_crs), always_xy=True)
    to_lonlat = pyproj.Transformer.from_crs(crs_of(metric_crs), "EPSG:4326", always_xy=True)
    min_lon, min_lat, max_lon, max_lat = extent
    pairs = []
    for lon1, lat1 in sample_points(extent, rng):
        # Towards the inside of the extent, so both points are in it: the error is the scale's
        # over the extent, as `MapDistortion` bounds it.
        for _ in range(2):
            distance = rng.choice([50_000.0, rng.uniform(1_000.0, 50_000.0)])
            azimuth = rng.uniform(0, 360)
            lon2, lat2, _ = GEOD.fwd(lon1, lat1, azimuth, distance)
            if not (min_lon <= lon2 <= max_lon and min_lat <= lat2 <= max_lat):
                lon2, lat2, _ = GEOD.fwd(lon1, lat1, (azimuth + 180) % 360, distance)
            if not (min_lon <= lon2 <= max_lon and min_lat <= lat2 <= max_lat):
                continue
            _, _, geodesic = GEOD.inv(lon1, lat1, lon2, lat2)
            x1, y1 = to_metric.transform(lon1, lat1)
            x2, y2 = to_metric.transform(lon2, lat2)
            pairs.append({"lon1": lon1, "lat1": lat1, "lon2": lon2, "lat2": lat2, "geodesic_m": geodesic,
                          "x1": x1, "y1": y1, "x2": x2, "y2": y2})
    cells = []
    for lon, lat in sample_points(extent, rng, grid=6, extra=40):
        x, y = to_metric.transform(lon, lat)
        ix, iy = math.floor(x / CELL), math.floor(y / CELL)
        corners = [to_lonlat.transform(cx * CELL, cy * CELL) for cx, cy in ((ix, iy), (ix + 1, iy), (ix + 1, iy + 1), (ix, iy + 1))]
        area, _ = GEOD.polygon_area_perimeter([c[0] for c in corners], [c[1] for c in corners])
        cells.append({"ix": ix, "iy": iy, "corners": [[c[0], c[1]] for c in corners], "area_m2": abs(area)})
    # A system measuring on the ellipsoid is off only by GeoKit's chord-to-arc, not PROJ's plane.
    worst_distance = 0.0 if metric_crs.startswith(GEODESIC) else max(
        abs(math.hypot(p["x2"] - p["x1"], p["y2"] - p["y1"]) / p["geodesic_m"] - 1) for p in pairs)
    worst_area = max(abs(c["area_m2"] / (CELL * CELL) - 1) for c in cells)
    print(f"{name}: {metric_crs}: {len(pairs)} pairs, worst distance error {worst_distance * 100:.3f} % "
          f"(tolerance {tolerance * 100:g} %); {len(cells)} cells, worst area error {worst_area * 100:.4f} %",
          file=sys.stderr)
    return {"name": name, "extent": list(extent), "metric_crs": metric_crs, "distance_tolerance": tolerance,
            "cell_size": CELL, "pyproj_worst": {"distance": worst_distance, "cell_area": worst_area},
            "pairs": pairs, "cells": cells}


def long_pairs(rng, count=400):
    """Pairs anywhere on the globe at any distance, up to nearly antipodal, with their geodesic:
    what a store measuring on the ellipsoid (GeoKit's chord lengthened into an arc) is checked
    against beyond the 50 km of the cases."""
    pairs = []
    for k in range(count):
        lon1, lat1 = rng.uniform(-180, 180), math.degrees(math.asin(rng.uniform(-1, 1)))
        distance = [rng.uniform(10.0, 50_000.0), rng.uniform(50_000.0, 1_000_000.0), rng.uniform(1_000_000.0, 19_900_000.0)][k % 3]
        lon2, lat2, _ = GEOD.fwd(lon1, lat1, rng.uniform(0, 360), distance)
        _, _, geodesic = GEOD.inv(lon1, lat1, lon2, lat2)
        pairs.append({"lon1": lon1, "lat1": lat1, "lon2": lon2, "lat2": lat2, "geodesic_m": geodesic})
    return pairs


def main():
    rng = random.Random(20261203)
    cases = [case_reference(name, extent, crs, tolerance, rng) for name, extent, crs, tolerance in CASES]
    document = {
        "source": f"pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}: Geod(ellps='WGS84') inv, fwd and "
                  "polygon_area_perimeter; Transformer.from_crs('EPSG:4326', metric_crs, always_xy=True)",
        "generator": "Tests/GeoKitTests/Fixtures/make_metric_crs_reference.py",
        "cases": cases,
        "long_pairs": long_pairs(random.Random(14)),
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
