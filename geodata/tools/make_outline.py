#!/usr/bin/env python3
"""Derive the ProvinceGenerator's geographic inputs from the DataV Guangdong boundaries.

Usage:
    python3 geodata/tools/make_outline.py [PATH/TO/440000_full.json] [OUT_DIR]

Defaults: ../shared/realdata/boundaries/guangdong_datav_gcj02/440000_full.json (relative to the
repository root) and Sources/ProvinceGenerator/Inputs. Writes two Swift files:

- ProvinceOutline.swift: the province outline (mainland plus the largest near-shore islands)
  simplified to ~1 km, in WGS-84 lon/lat with 6 decimals; each island carries the code of the
  real prefecture it belongs to.
- PrefectureSeeds.swift: per prefecture, k-means points of its real territory (k grows with the
  area) and its seat (DataV `center`), in WGS-84. The generator grows prefectures around these
  points, so shapes and positions follow the real map without copying its borders.

The input is GCJ-02 (DataV "Mars" coordinates). It is converted to WGS-84 with the same
iterative inverse as GeoKit's `ChinaOffset.wgs84(fromGCJ02:)` (ported below), then projected
to EPSG:4547 with pyproj for simplification and k-means in metres.

DataV draws Hailing Island (海陵岛, Yangjiang) joined to the mainland (the causeway); a 1.2 km
channel along the real strait is cut so that it is an island, as the generator is asked to have.
Offshore features more than 40 km from the mainland (the Dongsha/Pratas reefs) are dropped.

Requires shapely >= 2, numpy and pyproj. Deterministic: fixed k-means initialisation.
"""
import json
import math
import os
import sys

import numpy as np
from pyproj import Transformer
from shapely import make_valid
from shapely.geometry import LineString, MultiPolygon, Polygon, shape
from shapely import transform
from shapely.ops import unary_union

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_INPUT = os.path.join(ROOT, "..", "shared", "realdata", "boundaries",
                             "guangdong_datav_gcj02", "440000_full.json")
DEFAULT_OUT = os.path.join(ROOT, "Sources", "ProvinceGenerator", "Inputs")

SIMPLIFY_METRES = 1000.0
ISLANDS_KEPT = 14          # plus Hailing, cut from the mainland
MAX_ISLAND_DISTANCE = 40_000.0
KM2_PER_SEED = 1100.0

# --- GCJ-02 -> WGS-84, a port of GeoKit/CRS/ChinaOffset.swift --------------------------------
_A = 6378245.0
_EE = 0.00669342162296594323


def _gcj02_from_wgs84(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lon + d_lon, lat + d_lat


def wgs84_from_gcj02(lon, lat):
    gx, gy = lon, lat
    for _ in range(30):
        fx, fy = _gcj02_from_wgs84(gx, gy)
        dx, dy = fx - lon, fy - lat
        gx -= dx
        gy -= dy
        if abs(dx) < 1e-10 and abs(dy) < 1e-10:
            break
    return gx, gy


def _gcj_to_wgs_geom(g):
    return transform(g, lambda a: np.array([wgs84_from_gcj02(x, y) for x, y in a]).reshape(-1, 2))


TO_4547 = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
TO_4326 = Transformer.from_crs("EPSG:4547", "EPSG:4326", always_xy=True)


def project(g):
    return transform(g, lambda a: np.column_stack(TO_4547.transform(a[:, 0], a[:, 1])))


def unproject(g):
    return transform(g, lambda a: np.column_stack(TO_4326.transform(a[:, 0], a[:, 1])))


def polygons(g):
    return list(g.geoms) if hasattr(g, "geoms") else [g]


def kmeans(points, k, iterations=60):
    """Plain Lloyd with a deterministic farthest-point initialisation."""
    centre = points.mean(axis=0)
    first = int(np.argmin(((points - centre) ** 2).sum(axis=1)))
    centres = [points[first]]
    d2 = ((points - centres[0]) ** 2).sum(axis=1)
    while len(centres) < k:
        nxt = int(np.argmax(d2))
        centres.append(points[nxt])
        d2 = np.minimum(d2, ((points - points[nxt]) ** 2).sum(axis=1))
    c = np.array(centres)
    for _ in range(iterations):
        dist = ((points[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        lab = dist.argmin(axis=1)
        new = np.array([points[lab == j].mean(axis=0) if np.any(lab == j) else c[j] for j in range(k)])
        if np.allclose(new, c):
            break
        c = new
    return c


def fmt(v):
    return f"{v:.6f}"


def swift_array(values, per_line=8, indent="        "):
    lines = []
    for i in range(0, len(values), per_line):
        lines.append(indent + ", ".join(values[i:i + per_line]) + ",")
    return "\n".join(lines)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    out_dir = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    data = json.load(open(src, encoding="utf-8"))

    prefectures = []
    for f in data["features"]:
        p = f["properties"]
        code = int(p["adcode"]) // 100
        center = p["center"]
        if isinstance(center, str):
            center = [float(v) for v in center.split(",")]
        geom = make_valid(shape(f["geometry"]))
        geom_m = project(_gcj_to_wgs_geom(geom))
        seat = wgs84_from_gcj02(center[0], center[1])
        prefectures.append((code, p["name"], geom_m, seat))
    prefectures.sort(key=lambda t: t[0])

    province = unary_union([g.buffer(50) for _, _, g, _ in prefectures]).buffer(-50)
    parts = sorted(polygons(province), key=lambda g: -g.area)
    mainland = Polygon(parts[0].exterior)

    # Hailing Island: cut the channel DataV fills in (coordinates WGS-84-ish, GCJ offset is
    # a few hundred metres, well inside the 1.2 km channel).
    channel_ll = LineString([(111.815, 21.598), (111.84, 21.62), (111.88, 21.638),
                             (111.93, 21.652), (111.975, 21.668)])
    channel = project(channel_ll).buffer(600)
    pieces = sorted(polygons(mainland.difference(channel)), key=lambda g: -g.area)
    mainland = Polygon(pieces[0].exterior)
    hailing = Polygon(pieces[1].exterior)

    islands = []
    for g in parts[1:]:
        if g.area < 2e6 or mainland.distance(g) > MAX_ISLAND_DISTANCE:
            continue
        islands.append(Polygon(g.exterior))
    islands = islands[:ISLANDS_KEPT] + [hailing]

    simplified = MultiPolygon([mainland] + islands).simplify(SIMPLIFY_METRES, preserve_topology=True)
    assert simplified.is_valid, "simplified outline is not valid"
    simple_parts = polygons(simplified)
    assert len(simple_parts) == 1 + len(islands), "simplification merged parts"

    def owner(poly):
        best, best_area = None, 0.0
        for code, _, g, _ in prefectures:
            a = g.intersection(poly).area
            if a > best_area:
                best, best_area = code, a
        return best

    rings = []
    for idx, poly in enumerate(simple_parts):
        poly = Polygon(poly.exterior)
        if not poly.exterior.is_ccw:
            poly = Polygon(list(poly.exterior.coords)[::-1])
        ll = unproject(poly)
        coords = list(ll.exterior.coords)
        prefecture = 0 if idx == 0 else owner(poly)
        rings.append((prefecture, coords, poly.area / 1e6, ll.representative_point()))

    with open(os.path.join(out_dir, "ProvinceOutline.swift"), "w", encoding="utf-8") as out:
        total_vertices = sum(len(c) for _, c, _, _ in rings)
        out.write("// Generated by geodata/tools/make_outline.py. Do not edit by hand.\n")
        out.write("//\n")
        out.write("// Provenance: Aliyun DataV.GeoAtlas 440000_full.json (Guangdong prefectures, GCJ-02), as kept\n")
        out.write("// in shared/realdata/boundaries/guangdong_datav_gcj02; prefectures unioned, converted\n")
        out.write("// GCJ-02 -> WGS-84 (iterative inverse, as GeoKit's ChinaOffset.wgs84(fromGCJ02:)), simplified\n")
        out.write(f"// to {SIMPLIFY_METRES:.0f} m in EPSG:4547 (topology preserving). Mainland plus the {len(islands)} largest\n")
        out.write("// islands within 40 km of it; Hailing Island is cut from the mainland by a 1.2 km channel\n")
        out.write(f"// because DataV draws it joined by its causeway. {total_vertices} coordinates in all.\n\n")
        out.write("/// The province outline the generator rasterises: WGS-84 lon/lat rings, exterior only, CCW, closed.\n")
        out.write("enum ProvinceOutline {\n")
        out.write("    /// One land part: the prefecture code it belongs to (0 for the mainland, which is split\n")
        out.write("    /// among prefectures by the seeds) and its ring as flat lon, lat pairs.\n")
        out.write("    struct Part {\n        let prefecture: Int\n        let name: String\n        let lonLat: [Double]\n    }\n\n")
        out.write("    static let parts: [Part] = [\n")
        for prefecture, coords, area, rp in rings:
            label = "mainland" if prefecture == 0 else f"island near {rp.x:.3f},{rp.y:.3f}"
            out.write(f"        // {label}, {area:.1f} km², {len(coords)} vertices\n")
            out.write(f"        Part(prefecture: {prefecture}, name: \"{label}\", lonLat: [\n")
            vals = []
            for x, y in coords:
                vals += [fmt(x), fmt(y)]
            out.write(swift_array(vals, per_line=8, indent="            ") + "\n")
            out.write("        ]),\n")
        out.write("    ]\n}\n")

    # Prefecture seeds: k-means of a 2 km lattice over each real prefecture (WGS-84 polygon).
    lines = []
    total = 0
    for code, name, g, seat in prefectures:
        minx, miny, maxx, maxy = g.bounds
        xs = np.arange(minx + 1000, maxx, 2000.0)
        ys = np.arange(miny + 1000, maxy, 2000.0)
        gx, gy = np.meshgrid(xs, ys)
        from shapely import contains_xy
        mask = contains_xy(g, gx.ravel(), gy.ravel())
        pts = np.column_stack([gx.ravel()[mask], gy.ravel()[mask]])
        k = max(2, int(round(g.area / 1e6 / KM2_PER_SEED)))
        centres = kmeans(pts, k)
        order = np.lexsort((centres[:, 0], -centres[:, 1]))
        vals = []
        for c in centres[order]:
            lon, lat = TO_4326.transform(c[0], c[1])
            vals += [fmt(lon), fmt(lat)]
        total += k
        lines.append((code, name, seat, vals, g.area / 1e6))

    with open(os.path.join(out_dir, "PrefectureSeeds.swift"), "w", encoding="utf-8") as out:
        out.write("// Generated by geodata/tools/make_outline.py. Do not edit by hand.\n")
        out.write("//\n")
        out.write("// Provenance: Aliyun DataV.GeoAtlas 440000_full.json via shared/realdata (GCJ-02 -> WGS-84).\n")
        out.write(f"// Per prefecture: k-means centres (1 per ~{KM2_PER_SEED:.0f} km², at least 2) of a 2 km lattice over the\n")
        out.write(f"// real territory, and the seat (DataV `center`). {total} seeds in all.\n\n")
        out.write("/// Where each prefecture's territory lies: the generator grows prefectures around these points.\n")
        out.write("enum PrefectureSeeds {\n")
        out.write("    struct Entry {\n        let code: Int\n        let seatLonLat: (Double, Double)\n        let seedsLonLat: [Double]\n    }\n\n")
        out.write("    static let entries: [Entry] = [\n")
        for code, name, seat, vals, area in lines:
            out.write(f"        // {name}, real territory {area:.0f} km² (DataV)\n")
            out.write(f"        Entry(code: {code}, seatLonLat: ({fmt(seat[0])}, {fmt(seat[1])}), seedsLonLat: [\n")
            out.write(swift_array(vals, per_line=8, indent="            ") + "\n")
            out.write("        ]),\n")
        out.write("    ]\n}\n")
    print(f"outline: {len(rings)} parts, {sum(len(c) for _, c, _, _ in rings)} vertices; seeds: {total}")
    for prefecture, coords, area, rp in rings:
        print(f"  part prefecture={prefecture} area={area:.1f} km2 vertices={len(coords)} at {rp.x:.3f},{rp.y:.3f}")


if __name__ == "__main__":
    main()
