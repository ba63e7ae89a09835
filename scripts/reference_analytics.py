#!/usr/bin/env python3
"""Reference values for permitwatch's clusters (DBSCAN) and hot spots (Gi*), from scikit-learn
and esda, on a committed sample; and, with --db, the cluster and hot-spot counts of a whole
database for the benchmark's cross-check.

  python3 scripts/reference_analytics.py --sample   # rewrites Tests/EnforcementTests/Fixtures/analytics/
  python3 scripts/reference_analytics.py --db permitwatch.sqlite

Needs: pip install numpy scikit-learn esda libpysal scipy.

Border points follow permitwatch's documented rule, computed here from scikit-learn's core
points: a non-core point within eps of core points joins the cluster of the first of them in
input (source id) order. Clusters are renumbered by their first member.
"""
import argparse, json, math, sqlite3, sys, warnings
from pathlib import Path

import numpy as np
from scipy import stats
from sklearn.cluster import DBSCAN
from sklearn.neighbors import NearestNeighbors

warnings.filterwarnings("ignore")
import esda  # noqa: E402
from libpysal.weights import W  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "Tests/EnforcementTests/Fixtures/analytics"


def dbscan_labels(xy, eps, min_samples):
    model = DBSCAN(eps=eps, min_samples=min_samples).fit(xy)
    core = np.zeros(len(xy), dtype=bool)
    core[model.core_sample_indices_] = True
    labels = np.where(core, model.labels_, -1)
    neighbours = NearestNeighbors(radius=eps).fit(xy).radius_neighbors(xy, return_distance=False)
    for i in range(len(xy)):
        if not core[i]:
            first = [j for j in sorted(neighbours[i]) if core[j]]
            if first:
                labels[i] = model.labels_[first[0]]
    numbering, out = {}, []
    for label in labels:
        if label < 0:
            out.append(-1)
        else:
            out.append(numbering.setdefault(int(label), len(numbering)))
    return out, core.tolist(), len(numbering)


def queen(cells):
    index = {c: i for i, c in enumerate(cells)}
    return {i: [index[(x + dx, y + dy)] for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                if (dx or dy) and (x + dx, y + dy) in index] for i, (x, y) in enumerate(cells)}


def band(cells, size, distance):
    index = {c: i for i, c in enumerate(cells)}
    reach = int(distance // size)
    out = {}
    for i, (x, y) in enumerate(cells):
        out[i] = [index[(x + dx, y + dy)] for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)
                  if (dx or dy) and (dx * dx + dy * dy) * size * size <= distance * distance and (x + dx, y + dy) in index]
    return out


def gi_star(values, neighbours):
    """esda's analytic z with binary weights, the cell itself included; islands left out."""
    ids = [i for i in range(len(values)) if neighbours[i]]
    w = W(neighbours, silence_warnings=True)
    g = esda.G_Local(np.asarray(values, dtype=float), w, transform="B", star=True, permutations=0)
    z = [float(v) if neighbours[i] else None for i, v in enumerate(g.Zs)]
    p = [2 * float(stats.norm.sf(abs(v))) if v is not None else None for v in z]
    kept = [p[i] for i in ids]
    fdr = [float(esda.fdr(np.asarray(kept), alpha)) for alpha in (0.01, 0.05, 0.10)]
    return z, p, fdr


def sample():
    rng = np.random.RandomState(2020)
    points = []
    for _ in range(24):
        cx, cy = rng.uniform(0, 40000), rng.uniform(0, 40000)
        spread = rng.uniform(60, 200)
        for _ in range(rng.randint(4, 90)):
            points.append((cx + rng.normal(0, spread), cy + rng.normal(0, spread)))
    for _ in range(700):
        points.append((rng.uniform(0, 40000), rng.uniform(0, 40000)))
    order = rng.permutation(len(points))
    rows = []
    for k, i in enumerate(order):
        x, y = points[i]
        status = "unlicensed" if rng.uniform() < 0.35 else "registered"
        rows.append((f"S{k + 1:05d}", round(500000 + x, 1), round(2500000 + y, 1), status))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with open(FIXTURES / "points.csv", "w") as f:
        f.write("source_id,x,y,status\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]}\n")
    xy = np.array([(r[1], r[2]) for r in rows])
    expected = {"dbscan": [], "gistar": []}
    for eps, k in ((300, 5), (500, 10), (150, 3)):
        labels, core, count = dbscan_labels(xy, eps, k)
        expected["dbscan"].append({"eps": eps, "min_points": k, "labels": labels, "core": core, "clusters": count})
    size = 1000.0
    cells = sorted({(math.floor(x / size), math.floor(y / size)) for _, x, y, _ in rows})
    index = {c: i for i, c in enumerate(cells)}
    total = [0] * len(cells)
    unlicensed = [0] * len(cells)
    for _, x, y, status in rows:
        i = index[(math.floor(x / size), math.floor(y / size))]
        total[i] += 1
        unlicensed[i] += status == "unlicensed"
    for name, values in (("count", unlicensed), ("rate", [u / t for u, t in zip(unlicensed, total)])):
        for weights_name, neighbours in (("queen", queen(cells)), ("band:2500", band(cells, size, 2500.0))):
            z, p, fdr = gi_star(values, neighbours)
            expected["gistar"].append({"value": name, "weights": weights_name, "cells": [list(c) for c in cells],
                                       "values": values, "z": z, "p": p, "fdr_cutoffs": fdr})
    with open(FIXTURES / "expected.json", "w") as f:
        json.dump(expected, f)
    print(f"{len(rows)} points, {len(cells)} cells; clusters {[d['clusters'] for d in expected['dbscan']]}")


def database(path, eps, min_points, size):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute("SELECT source_id, x, y, status FROM sources WHERE removed_on IS NULL ORDER BY source_id").fetchall()
    unlicensed = np.array([(x, y) for _, x, y, s in rows if s == "unlicensed"])
    _, _, clusters = dbscan_labels(unlicensed, eps, min_points)
    cells = {}
    for _, x, y, s in rows:
        c = (math.floor(x / size), math.floor(y / size))
        t, u = cells.get(c, (0, 0))
        cells[c] = (t + 1, u + (s == "unlicensed"))
    keys = sorted(cells)
    z, p, _ = gi_star([cells[c][1] for c in keys], queen(keys))
    bins = {}
    for zi, pi in zip(z, p):
        b = 0 if zi is None else next(((3 - k) * (1 if zi > 0 else -1) for k, a in enumerate((0.01, 0.05, 0.10)) if pi <= a), 0)
        bins[b] = bins.get(b, 0) + 1
    print(json.dumps({"unlicensed": len(unlicensed), "clusters": clusters, "cells": len(keys),
                      "bins": {str(k): v for k, v in sorted(bins.items())}}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--db")
    parser.add_argument("--eps", type=float, default=300)
    parser.add_argument("--min-points", type=int, default=5)
    parser.add_argument("--cell", type=float, default=1000)
    args = parser.parse_args()
    if args.sample:
        sample()
    if args.db:
        database(args.db, args.eps, args.min_points, args.cell)
    if not args.sample and not args.db:
        parser.print_help()
        sys.exit(2)
