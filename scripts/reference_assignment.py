#!/usr/bin/env python3
"""Independent reference for permitwatch's assignment of sources to areas.

Reads the area polygons from the original GeoJSON file (not from permitwatch's database) and
the sources' stored WGS-84 coordinates from the database, places every source with shapely
(GEOS) and compares the result with the area code permitwatch stored.

The rule is the one permitwatch documents: among the polygons that cover the point (inside or
on the boundary), the one with the lowest code; a point no polygon covers must not be stored as
`inside`.

    python3 scripts/reference_assignment.py --areas towns.geojson --db permitwatch.sqlite \
        [--code-field code] [--column town_code] [--crs wgs84|gcj02]

Exit status 0 when every source agrees, 1 otherwise. Needs shapely >= 2 (pip install shapely).
"""
import argparse
import json
import math
import sqlite3
import sys

import numpy as np
import shapely
from shapely.geometry import shape


def gcj02_to_wgs84(lon, lat):
    """Iterative inverse of the published WGS-84 -> GCJ-02 transform (independent code)."""
    a, ee = 6378245.0, 0.00669342162296594323

    def forward(x, y):
        dx, dy = x - 105.0, y - 35.0
        dlat = (-100.0 + 2.0 * dx + 3.0 * dy + 0.2 * dy * dy + 0.1 * dx * dy + 0.2 * math.sqrt(abs(dx))
                + (20.0 * math.sin(6.0 * dx * math.pi) + 20.0 * math.sin(2.0 * dx * math.pi)) * 2.0 / 3.0
                + (20.0 * math.sin(dy * math.pi) + 40.0 * math.sin(dy / 3.0 * math.pi)) * 2.0 / 3.0
                + (160.0 * math.sin(dy / 12.0 * math.pi) + 320 * math.sin(dy * math.pi / 30.0)) * 2.0 / 3.0)
        dlon = (300.0 + dx + 2.0 * dy + 0.1 * dx * dx + 0.1 * dx * dy + 0.1 * math.sqrt(abs(dx))
                + (20.0 * math.sin(6.0 * dx * math.pi) + 20.0 * math.sin(2.0 * dx * math.pi)) * 2.0 / 3.0
                + (20.0 * math.sin(dx * math.pi) + 40.0 * math.sin(dx / 3.0 * math.pi)) * 2.0 / 3.0
                + (150.0 * math.sin(dx / 12.0 * math.pi) + 300.0 * math.sin(dx / 30.0 * math.pi)) * 2.0 / 3.0)
        rad = y / 180.0 * math.pi
        magic = 1 - ee * math.sin(rad) ** 2
        sq = math.sqrt(magic)
        dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
        dlon = (dlon * 180.0) / (a / sq * math.cos(rad) * math.pi)
        return x + dlon, y + dlat

    x, y = lon, lat
    for _ in range(30):
        fx, fy = forward(x, y)
        x, y = x - (fx - lon), y - (fy - lat)
        if abs(fx - lon) < 1e-10 and abs(fy - lat) < 1e-10:
            break
    return x, y


def load_areas(path, code_field, crs):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    codes, geoms = [], []
    for feature in doc["features"]:
        props = feature.get("properties") or {}
        code = props.get(code_field)
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        geom = shape(feature["geometry"])
        if crs == "gcj02":
            geom = shapely.transform(geom, lambda c: np.array([gcj02_to_wgs84(x, y) for x, y in c]))
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        codes.append(str(code))
        geoms.append(geom)
    return codes, geoms


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--areas", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--code-field", default="code")
    parser.add_argument("--column", default="town_code")
    parser.add_argument("--crs", default="wgs84", choices=["wgs84", "gcj02"])
    args = parser.parse_args()

    codes, geoms = load_areas(args.areas, args.code_field, args.crs)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    rows = db.execute(
        f"SELECT source_id, lon, lat, {args.column}, placement FROM sources WHERE removed_on IS NULL ORDER BY id"
    ).fetchall()
    points = shapely.points(np.array([(r[1], r[2]) for r in rows]))
    tree = shapely.STRtree(geoms)
    # All (point, polygon) pairs where the polygon covers the point.
    pairs = tree.query(points, predicate="covered_by")
    expected = [None] * len(rows)
    for point_index, geom_index in zip(pairs[0], pairs[1]):
        code = codes[geom_index]
        current = expected[point_index]
        if current is None or code < current:
            expected[point_index] = code

    inside = agree = 0
    mismatches = []
    for row, want in zip(rows, expected):
        source_id, _, _, stored, placement = row
        if want is None:
            if placement == "inside":
                mismatches.append((source_id, None, stored))
            continue
        inside += 1
        if stored == want and placement == "inside":
            agree += 1
        else:
            mismatches.append((source_id, want, stored))
    print(f"sources: {len(rows)}; covered by an area: {inside}; agree: {agree}; mismatches: {len(mismatches)}")
    for m in mismatches[:20]:
        print(f"  {m[0]}: reference {m[1]}, permitwatch {m[2]}")
    sys.exit(0 if not mismatches else 1)


if __name__ == "__main__":
    main()
