#!/usr/bin/env python3
"""Writes epsg4547_reference.json: EPSG:4326 -> EPSG:4547 reference values from pyproj.

Run from this directory:  python3 make_epsg4547_reference.py > epsg4547_reference.json

The points cover Guangdong (lon 109.5-117.5, lat 20-25.6), including points 3.5 degrees either
side of the 114E central meridian, where a truncated series would first show its error.
GaussKrugerTests checks GeoKit's forward projection against these to 1 mm and the inverse to
1e-8 degrees.

Cross-check with SpatiaLite (PROJ underneath, the same tmerc algorithm as pyproj):
    spatialite :memory: "SELECT AsText(ST_Transform(MakePoint(113.3,23.1,4326),4547))"
    -> POINT(428285.956156 2555783.928783)
When the `spatialite` CLI is on PATH the script runs every point through ST_Transform too and
reports the largest difference on stderr; with SpatiaLite 5 / PROJ 9.5.1 it is 0.000001 m, the
rounding of the printed values.
"""

import json
import shutil
import subprocess
import sys

import pyproj

CENTRAL_MERIDIAN = 114.0

POINTS = [
    # Prefecture seats and landmarks (rounded), lon/lat.
    (113.2644, 23.1291),  # Guangzhou
    (114.0579, 22.5431),  # Shenzhen
    (113.5767, 22.2707),  # Zhuhai
    (116.6822, 23.3535),  # Shantou
    (113.1220, 23.0215),  # Foshan
    (113.5973, 24.8104),  # Shaoguan
    (114.6978, 23.7463),  # Heyuan
    (116.1225, 24.2886),  # Meizhou
    (114.4126, 23.0794),  # Huizhou
    (115.3750, 22.7862),  # Shanwei
    (113.7518, 23.0205),  # Dongguan
    (113.3926, 22.5176),  # Zhongshan
    (113.0819, 22.5787),  # Jiangmen
    (111.9826, 21.8583),  # Yangjiang
    (110.3594, 21.2707),  # Zhanjiang
    (110.9253, 21.6630),  # Maoming
    (112.4654, 23.0472),  # Zhaoqing
    (113.0562, 23.6820),  # Qingyuan
    (116.6226, 23.6567),  # Chaozhou
    (116.3727, 23.5498),  # Jieyang
    (112.0445, 22.9153),  # Yunfu
    # Extremes of the province's extent.
    (109.5, 20.0),
    (109.5, 21.5),
    (117.5, 23.5),
    (117.5, 25.6),
    (109.5, 25.6),
    (117.5, 20.0),
    (113.0, 25.6),
    (115.0, 20.0),
    # 3.5 degrees either side of the central meridian.
    (CENTRAL_MERIDIAN - 3.5, 20.0),
    (CENTRAL_MERIDIAN - 3.5, 22.8),
    (CENTRAL_MERIDIAN - 3.5, 25.6),
    (CENTRAL_MERIDIAN + 3.5, 20.0),
    (CENTRAL_MERIDIAN + 3.5, 22.8),
    (CENTRAL_MERIDIAN + 3.5, 25.6),
    # On the central meridian (easting exactly 500 km) and just off it.
    (114.0, 20.0),
    (114.0, 23.0),
    (114.0, 25.6),
    (114.000001, 22.5),
    (113.999999, 24.0),
]


def spatialite_check(rows):
    exe = shutil.which("spatialite")
    if exe is None:
        return None
    selects = " UNION ALL ".join(
        f"SELECT {i}, X(p), Y(p) FROM (SELECT ST_Transform(MakePoint({r['lon']!r},{r['lat']!r},4326),4547) AS p)"
        for i, r in enumerate(rows)
    )
    out = subprocess.run(
        [exe, "-csv", ":memory:", selects + ";"],
        capture_output=True, text=True, check=False,
    ).stdout
    worst = 0.0
    for line in out.splitlines():
        parts = line.split(",")
        if len(parts) != 3:
            continue
        try:
            i, x, y = int(parts[0]), float(parts[1]), float(parts[2])
        except ValueError:
            continue
        worst = max(worst, abs(x - rows[i]["x"]), abs(y - rows[i]["y"]))
    return worst


def main():
    transformer = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
    rows = []
    for lon, lat in POINTS:
        x, y = transformer.transform(lon, lat)
        rows.append({"lon": lon, "lat": lat, "x": round(x, 6), "y": round(y, 6)})
    document = {
        "source": "pyproj %s, PROJ %s: Transformer.from_crs('EPSG:4326', 'EPSG:4547', always_xy=True)"
        % (pyproj.__version__, pyproj.proj_version_str),
        "generator": "Tests/GeoKitTests/Fixtures/make_epsg4547_reference.py",
        "points": rows,
    }
    worst = spatialite_check(rows)
    if worst is not None:
        print(f"spatialite ST_Transform agrees with pyproj to {worst:.6f} m", file=sys.stderr)
    json.dump(document, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
