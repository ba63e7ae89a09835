#!/usr/bin/env python3
"""Reference for DBSCAN measured on the ellipsoid (a store too wide for any projection, issue 14):
scikit-learn's DBSCAN over pyproj's geodesic distances (GeographicLib, WGS 84).

Writes Tests/EnforcementTests/Fixtures/geodesic/points.csv (id, lon, lat) and expected.json
(labels and core flags per eps, with permitwatch's border rule: a border point joins the
cluster of its first core neighbour in input order, as in scripts/reference_analytics.py).
Run in the tests' Python (scripts/setup.sh --tests):

    ~/.cache/permitwatch/venv/bin/python3 scripts/reference_geodesic_dbscan.py

The points are sites of a world-wide register where a plane would measure wrongly: Fiji across
the antimeridian, northern Norway at 70 N, Tierra del Fuego at 54 S, Guangdong, Xinjiang,
Heilongjiang, Quito on the equator; each a few dense clusters in scattered sources, with
distances from metres to a few kilometres.
"""

import json
import math
import random
from pathlib import Path

import numpy as np
import pyproj
from sklearn.cluster import DBSCAN

OUT = Path(__file__).resolve().parent.parent / "Tests/EnforcementTests/Fixtures/geodesic"
GEOD = pyproj.Geod(ellps="WGS84")
SITES = [("fiji", 179.98, -17.8), ("norway", 23.7, 70.6), ("fuego", -68.3, -54.8), ("guangdong", 113.3, 23.1),
         ("xinjiang", 87.6, 43.8), ("heilongjiang", 126.6, 45.7), ("quito", -78.5, -0.2)]
RUNS = [(300.0, 5), (800.0, 4), (2000.0, 10)]


def points(rng):
    out = []
    for name, lon, lat in SITES:
        for c in range(4):
            centre = GEOD.fwd(lon, lat, rng.uniform(0, 360), rng.uniform(0, 8000))[:2]
            for _ in range(rng.randint(8, 40)):
                out.append(GEOD.fwd(centre[0], centre[1], rng.uniform(0, 360), abs(rng.gauss(0, 250)))[:2])
        for _ in range(60):
            out.append(GEOD.fwd(lon, lat, rng.uniform(0, 360), rng.uniform(0, 15000))[:2])
    # Longitudes in -180..180, as a register writes them (Fiji's on both sides).
    # Rounded as written to points.csv, so the distances are those of the points the test reads.
    return [(round((x + 180) % 360 - 180, 9), round(y, 9)) for x, y in out]


def geodesic_matrix(pts):
    lon = np.array([p[0] for p in pts]); lat = np.array([p[1] for p in pts])
    n = len(pts)
    matrix = np.zeros((n, n))
    for i in range(n):
        _, _, d = GEOD.inv(np.full(n, lon[i]), np.full(n, lat[i]), lon, lat)
        matrix[i] = d
    return matrix


def labels_with_border_rule(matrix, eps, min_samples):
    model = DBSCAN(eps=eps, min_samples=min_samples, metric="precomputed").fit(matrix)
    core = np.zeros(len(matrix), dtype=bool)
    core[model.core_sample_indices_] = True
    labels = np.where(core, model.labels_, -1)
    for i in range(len(matrix)):
        if not core[i]:
            first = [j for j in np.nonzero(matrix[i] <= eps)[0] if core[j]]
            if first:
                labels[i] = model.labels_[first[0]]
    numbering, out = {}, []
    for label in labels:
        out.append(-1 if label < 0 else numbering.setdefault(int(label), len(numbering)))
    # The margin to eps of the pair closest to it: a reference whose pairs sit within a
    # millimetre of eps would test rounding, not the metric.
    margin = float(np.min(np.abs(matrix[np.triu_indices(len(matrix), 1)] - eps)))
    return out, core.tolist(), len(numbering), margin


def main():
    rng = random.Random(1414)
    pts = points(rng)
    matrix = geodesic_matrix(pts)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "points.csv", "w") as f:
        f.write("id,lon,lat\n")
        for i, (x, y) in enumerate(pts):
            f.write(f"S{i:05d},{x:.9f},{y:.9f}\n")
    runs = []
    for eps, min_points in RUNS:
        labels, core, clusters, margin = labels_with_border_rule(matrix, eps, min_points)
        runs.append({"eps": eps, "min_points": min_points, "labels": labels, "core": core, "clusters": clusters,
                     "closest_pair_to_eps_m": margin})
        print(f"eps {eps:g} m, min_points {min_points}: {clusters} clusters, closest pair to eps {margin:.4f} m")
    document = {"source": f"scikit-learn DBSCAN(metric='precomputed') over pyproj {pyproj.__version__} Geod(ellps='WGS84').inv",
                "generator": "scripts/reference_geodesic_dbscan.py", "points": len(pts), "dbscan": runs}
    (OUT / "expected.json").write_text(json.dumps(document) + "\n")


if __name__ == "__main__":
    main()
