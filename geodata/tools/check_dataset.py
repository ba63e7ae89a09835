#!/usr/bin/env python3
"""Verify a dataset written by the ProvinceGenerator (permitwatch's default dataset).

Usage:
    python3 geodata/tools/check_dataset.py DIR [--quick]

Checks (each prints PASS or FAIL; the exit code is 1 if any check failed):
  * files and headers as documented in geodata/README.md, dataset.json manifest;
  * areas: every feature an OGC-valid MultiPolygon with CCW exteriors and 6-decimal coordinates,
    codes nested (4/6/9/12 digits, parent code = prefix, parent exists), grids with an officer;
  * per level: no overlaps (coverage validity, and sum of areas == area of the union), and the
    union of each level equals the union of the next; every child covered by its parent and the
    children of a parent add up to it; islands present (multi-part coastal areas);
  * feature counts (21 prefectures, ~124 counties, ~1,600 towns, ~16,000 grids at 250 m);
  * sources: every source in exactly one town, except the planned geocoding errors at sea,
    which must lie 50-400 m off the coast or more than 5 km out; status counts exactly as the
    plan for `generator.sources`; USCC check characters valid except the planned wrong ones;
  * events: sorted by date then source id, well-formed rows, replay to 2020-12-31 reproduces
    every source's status, status_date and (rectifying) deadline; every ISO week of 2020 has
    events of several kinds.

--quick skips the expensive polygon unions (useful on the full dataset while iterating).
Requires shapely >= 2.1 and pyproj.
"""
import csv
import datetime as dt
import json
import math
import os
import sys
from collections import Counter, defaultdict

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

FAILURES = []
PLURAL = {"prefecture": "prefectures", "county": "counties", "town": "towns", "grid": "grids"}


def check(ok, label, detail=""):
    status = "PASS" if ok else "FAIL"
    print(f"[{status}] {label}" + (f": {detail}" if detail else ""))
    if not ok:
        FAILURES.append(label)
    return ok


# --- plan (mirror of Sources/ProvinceGenerator/Facilities/SourcePlan.swift) ----------------------
REFERENCE = [("permitted", 22_600), ("registered", 385_800), ("rectifying", 2_994), ("special", 250_100)]


def round_half_away(x):
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def largest_remainder(total, weights):
    s = sum(weights)
    exact = [total * w / s for w in weights]
    whole = [int(math.floor(e)) for e in exact]
    rest = total - sum(whole)
    order = sorted(range(len(weights)), key=lambda k: (-(exact[k] - whole[k]), k))
    for k in order[:rest]:
        whole[k] += 1
    return whole


def plan(touched):
    counts = largest_remainder(touched, [w for _, w in REFERENCE]) if touched > 0 else [0, 0, 0, 0]
    result = {name: c for (name, _), c in zip(REFERENCE, counts)}
    result["unlicensed"] = round_half_away(0.03 * touched)
    total = touched + result["unlicensed"]
    extras = {
        "near_shore": round_half_away(0.0002 * total),
        "offshore": round_half_away(0.00005 * total),
        "without_uscc": round_half_away(0.03 * total),
        "wrong_check": round_half_away(0.005 * total),
    }
    return result, extras


# --- USCC (GB 32100-2015) ------------------------------------------------------------------------
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_verdict(code):
    if len(code) != 18 or any(c not in ALPHABET for c in code):
        return "malformed"
    s = sum(ALPHABET.index(code[i]) * WEIGHTS[i] for i in range(17))
    return "valid" if ALPHABET[(31 - s % 31) % 31] == code[17] else "wrong"


def decimals_ok(values):
    return all(abs(v * 1e6 - round(v * 1e6)) < 1e-3 for v in values)


def load_level(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return data


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    if len(args) != 1:
        print(__doc__)
        return 2
    root = args[0]

    # --- manifest ---------------------------------------------------------------------------------
    manifest = json.load(open(os.path.join(root, "dataset.json"), encoding="utf-8"))
    files = manifest.get("files", {})
    check(manifest.get("crs") == "wgs84" and manifest.get("as_of") == "2020-12-31"
          and set(files) == {"prefecture", "county", "town", "grid", "sources", "events", "depots"}
          and all(os.path.exists(os.path.join(root, v)) for v in files.values()),
          "manifest lists every file, crs wgs84, as_of 2020-12-31")
    gen = manifest.get("generator", {})
    touched = int(gen.get("sources", 0))
    pixel = float(gen.get("pixel_size", 250))
    print(f"       generator: seed={gen.get('seed')} sources={touched} pixel_size={pixel}")

    # --- areas ------------------------------------------------------------------------------------
    levels = ["prefecture", "county", "town", "grid"]
    code_len = {"prefecture": 4, "county": 6, "town": 9, "grid": 12}
    geoms, codes, parents, props = {}, {}, {}, {}
    for level in levels:
        data = load_level(os.path.join(root, files[level]))
        feats = data.get("features", [])
        gs = []
        ok_type = ok_props = ok_ccw = ok_dec = True
        for f in feats:
            g = f.get("geometry", {})
            if g.get("type") != "MultiPolygon":
                ok_type = False
            p = f.get("properties", {})
            needed = ["code", "name"] + (["parent"] if level != "prefecture" else []) + \
                     (["officer", "officer_phone"] if level == "grid" else [])
            if any(not p.get(k) for k in needed) or len(p["code"]) != code_len[level]:
                ok_props = False
            for poly in g.get("coordinates", []):
                ext = poly[0]
                area2 = sum(ext[i][0] * ext[i + 1][1] - ext[i + 1][0] * ext[i][1] for i in range(len(ext) - 1))
                if area2 <= 0 or ext[0] != ext[-1]:
                    ok_ccw = False
                for hole in poly[1:]:
                    h2 = sum(hole[i][0] * hole[i + 1][1] - hole[i + 1][0] * hole[i][1] for i in range(len(hole) - 1))
                    if h2 >= 0:
                        ok_ccw = False
            if ok_dec and not decimals_ok([c for poly in g.get("coordinates", [])[:1] for c in poly[0][:20] for c in c]):
                ok_dec = False
            gs.append(shape(g))
        arr = np.array(gs, dtype=object)
        valid = shapely.is_valid(arr)
        bad = [feats[i]["properties"].get("code") for i in np.nonzero(~valid)[0]]
        check(len(bad) == 0, f"{level}: every feature OGC-valid", f"{len(feats)} features" + (f", invalid: {bad[:5]}" if bad else ""))
        check(ok_type and ok_props, f"{level}: MultiPolygon with code/name/parent" + ("/officer/officer_phone" if level == "grid" else ""))
        check(ok_ccw, f"{level}: exteriors counter-clockwise, holes clockwise, rings closed")
        check(ok_dec, f"{level}: coordinates have at most 6 decimals")
        cs = [f["properties"]["code"] for f in feats]
        check(len(set(cs)) == len(cs), f"{level}: codes unique")
        geoms[level] = arr
        codes[level] = cs
        parents[level] = [f["properties"].get("parent") for f in feats]
        props[level] = [f["properties"] for f in feats]

    counts = {lv: len(codes[lv]) for lv in levels}
    print(f"       counts: {counts}")
    check(counts["prefecture"] == 21, "21 prefectures")
    check(110 <= counts["county"] <= 130, "about 120 counties", str(counts["county"]))
    if pixel <= 250:
        check(1_450 <= counts["town"] <= 1_750, "about 1,600 towns", str(counts["town"]))
        check(14_500 <= counts["grid"] <= 17_000, "about 16,000 grids", str(counts["grid"]))
    else:
        check(counts["town"] >= 1_000 and counts["grid"] >= counts["town"], "towns and grids present at coarse pixel size",
              f"{counts['town']} towns, {counts['grid']} grids")
    multi_counties = sum(1 for g in geoms["county"] if len(g.geoms) > 1)
    check(multi_counties >= 5, "coastal areas include islands (multi-part counties)", f"{multi_counties} multi-part counties")

    # Nesting of codes.
    for child, parent in zip(levels[1:], levels[:-1]):
        pset = set(codes[parent])
        ok = all(p in pset and c.startswith(p) for c, p in zip(codes[child], parents[child]))
        check(ok, f"{child}: parent exists and code starts with parent code")
        used = set(parents[child])
        check(used == pset, f"every {parent} has at least one {child}")

    # Coverage: no overlaps, levels tile the same land, children cover parents.
    areas = {lv: shapely.area(geoms[lv]) for lv in levels}
    for lv in levels:
        if hasattr(shapely, "coverage_is_valid"):
            ok = bool(shapely.coverage_is_valid(geoms[lv]))
            check(ok, f"{lv}: coverage valid (no overlaps, shared edges match exactly)")
    if not quick:
        unions = {}
        for lv in levels:
            u = shapely.union_all(geoms[lv])
            unions[lv] = u
            total = float(areas[lv].sum())
            check(abs(total - u.area) <= 1e-9 * u.area + 1e-12, f"{lv}: sum of areas == area of union (no overlaps)",
                  f"relative difference {abs(total - u.area) / u.area:.2e}")
        for a, b in zip(levels[:-1], levels[1:]):
            diff = unions[a].symmetric_difference(unions[b]).area
            check(diff <= 1e-9 * unions[a].area, f"union of {PLURAL[a]} == union of {PLURAL[b]}", f"symmetric difference {diff:.3e} deg²")
    for child, parent in zip(levels[1:], levels[:-1]):
        index = {c: i for i, c in enumerate(codes[parent])}
        pidx = np.array([index[p] for p in parents[child]])
        pg = geoms[parent][pidx]
        shapely.prepare(geoms[parent])
        covered = shapely.covers(pg, geoms[child])
        missing = [codes[child][i] for i in np.nonzero(~covered)[0]]
        check(not missing, f"every {child} covered by its {parent}", f"not covered: {missing[:5]}" if missing else "")
        sums = np.zeros(len(codes[parent]))
        np.add.at(sums, pidx, areas[child])
        rel = np.abs(sums - areas[parent]) / areas[parent]
        check(float(rel.max()) < 1e-9, f"{PLURAL[child]} of each {parent} add up to it", f"max relative difference {rel.max():.2e}")

    # --- sources ----------------------------------------------------------------------------------
    with open(os.path.join(root, files["sources"]), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    check(header == ["source_id", "name", "uscc", "industry", "category", "status", "status_date", "deadline", "lon", "lat"],
          "sources.csv header")
    ids = [r[0] for r in rows]
    check(ids == sorted(ids) and len(set(ids)) == len(ids) and all(len(i) == 9 and i.startswith("GD") for i in ids[:1000]),
          "source ids unique, GD + 7 digits, in sorted order")
    status_counts = Counter(r[5] for r in rows)
    expected, extras = plan(touched)
    print(f"       sources by status: {dict(sorted(status_counts.items()))}")
    check(dict(status_counts) == {k: v for k, v in expected.items() if v > 0}, "status counts exactly as planned",
          f"expected {expected}")
    cat_ok = all((r[5] == "permitted" and r[4] in ("key", "simplified")) or
                 (r[5] == "registered" and r[4] == "registration") or
                 (r[5] not in ("permitted", "registered") and r[4] == "") for r in rows)
    check(cat_ok, "category: key/simplified for permitted, registration for registered, empty otherwise")
    ind_ok = all(len(r[3]) == 4 and r[3].isdigit() for r in rows)
    check(ind_ok, "industry codes are 4-digit GB/T 4754-2017 classes", f"{len(set(r[3] for r in rows))} classes")
    verdicts = Counter("empty" if not r[2] else uscc_verdict(r[2]) for r in rows)
    print(f"       uscc: {dict(verdicts)}")
    check(verdicts.get("malformed", 0) == 0 and verdicts.get("empty", 0) == extras["without_uscc"]
          and verdicts.get("wrong", 0) == extras["wrong_check"],
          "USCC valid except the planned wrong check characters and empty codes",
          f"planned empty {extras['without_uscc']}, wrong {extras['wrong_check']}")
    check(decimals_ok([float(r[8]) for r in rows[:5000]] + [float(r[9]) for r in rows[:5000]])
          and all(len(r[8].split(".")[1]) == 6 and len(r[9].split(".")[1]) == 6 for r in rows[:5000]),
          "source coordinates with 6 decimals")
    rect_ok = all(((r[5] == "rectifying") == bool(r[7])) for r in rows)
    check(rect_ok, "deadline present exactly for rectifying sources")
    overdue = sum(1 for r in rows if r[5] == "rectifying" and r[7] < "2020-12-31")
    print(f"       rectifying overdue at 2020-12-31: {overdue} of {status_counts.get('rectifying', 0)}")
    check(status_counts.get("rectifying", 0) == 0 or overdue > 0, "some rectification deadlines already past (overdue)")
    for r in rows:
        if r[5] == "rectifying":
            d0 = dt.date.fromisoformat(r[6])
            d1 = dt.date.fromisoformat(r[7])
            if not (89 <= (d1 - d0).days <= 366):
                check(False, "rectification deadlines 3-12 months after the notice", f"{r[0]} {r[6]} {r[7]}")
                break
    else:
        check(True, "rectification deadlines 3-12 months after the notice")

    lon = np.array([float(r[8]) for r in rows])
    lat = np.array([float(r[9]) for r in rows])
    pts = shapely.points(lon, lat)
    tree = shapely.STRtree(geoms["town"])
    pairs = tree.query(pts, predicate="intersects")
    hits = np.bincount(pairs[0], minlength=len(rows))
    outside = np.nonzero(hits == 0)[0]
    multiple = np.nonzero(hits > 1)[0]
    check(len(multiple) == 0, "no source lies in two towns (none on a border)", f"{len(multiple)} on borders")
    planned_sea = extras["near_shore"] + extras["offshore"]
    check(len(outside) == planned_sea, "every source in exactly one town except the planned sea points",
          f"{len(outside)} outside any town, planned {planned_sea}")
    if len(outside):
        to_m = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
        land = shapely.union_all(geoms["prefecture"]) if quick else unions["prefecture"]
        land_m = shapely.transform(land, lambda a: np.column_stack(to_m.transform(a[:, 0], a[:, 1])))
        ox, oy = to_m.transform(lon[outside], lat[outside])
        dist = shapely.distance(land_m, shapely.points(ox, oy))
        near = int(((dist >= 49) & (dist <= 401)).sum())
        far = int((dist > 5_000).sum())
        print(f"       sea points: {near} at 50-400 m, {far} beyond 5 km (distances {np.round(np.sort(dist)[:3])}...{np.round(np.sort(dist)[-3:])})")
        check(near == extras["near_shore"] and far == extras["offshore"],
              "sea points are 50-400 m off the coast or > 5 km out, as planned",
              f"planned {extras['near_shore']} near, {extras['offshore']} far")

    # --- depots -----------------------------------------------------------------------------------
    with open(os.path.join(root, files["depots"]), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        dh = next(reader)
        depots = list(reader)
    check(dh == ["code", "name", "county_code", "lon", "lat"], "depots.csv header")
    county_index = {c: i for i, c in enumerate(codes["county"])}
    dep_ok = len(depots) == counts["county"] and all(
        d[2] in county_index and geoms["county"][county_index[d[2]]].contains(shapely.Point(float(d[3]), float(d[4])))
        for d in depots)
    check(dep_ok, "one depot per county, inside its county", f"{len(depots)} depots")

    # --- events -----------------------------------------------------------------------------------
    kinds_status = {"listed": None, "discovered": "unlicensed", "registered": "registered", "permitted": "permitted",
                    "notice_issued": "rectifying", "rectified": None, "marked_special": "special", "closed": "special",
                    "inspected": ""}
    with open(os.path.join(root, files["events"]), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        eh = next(reader)
        events = list(reader)
    check(eh == ["source_id", "date", "kind", "status", "deadline"], "events.csv header")
    keys = [(e[1], e[0]) for e in events]
    check(all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1)), "events sorted by date then source_id")
    well = True
    for e in events:
        k = e[2]
        if k not in kinds_status:
            well = False
            break
        want = kinds_status[k]
        if k == "inspected" and e[3] != "":
            well = False
        elif k != "inspected" and (e[3] == "" or (want and e[3] != want)):
            well = False
        elif k == "rectified" and e[3] not in ("permitted", "registered"):
            well = False
        if (k == "notice_issued") != bool(e[4]):
            well = False
        if not well:
            print(f"       bad event row: {e}")
            break
    check(well, "event rows well-formed (kinds, status after event, deadline only for notice_issued)")
    state = {}
    for e in events:
        if e[1] <= "2020-12-31" and e[3]:
            state[e[0]] = (e[3], e[1], e[4])
    mismatches = []
    for r in rows:
        s = state.get(r[0])
        want = (r[5], r[6], r[7] if r[5] == "rectifying" else "")
        got = None if s is None else (s[0], s[1], s[2] if s[0] == "rectifying" else "")
        if got != want:
            mismatches.append((r[0], want, got))
    check(not mismatches, "event replay reproduces sources.csv at 2020-12-31 (status, status_date, deadline)",
          f"{len(mismatches)} mismatches {mismatches[:3]}" if mismatches else f"{len(rows)} sources")
    kind_counts = Counter(e[2] for e in events)
    print(f"       events by kind: {dict(kind_counts)}")
    weeks = defaultdict(Counter)
    for e in events:
        d = dt.date.fromisoformat(e[1])
        y, w, _ = d.isocalendar()
        if y == 2020 and d.year == 2020:
            weeks[w][e[2]] += 1
    all_weeks = range(1, 54)  # 2020 has 53 ISO weeks
    # "Several kinds": at least 4 on a full-size dataset; a tiny test dataset only needs 2.
    min_kinds = 4 if touched >= 100_000 else 2
    thin = [w for w in all_weeks if len(weeks[w]) < min_kinds]
    few = min(sum(weeks[w].values()) for w in all_weeks)
    check(not thin, "every ISO week of 2020 has events of several kinds",
          f"min kinds/week {min(len(weeks[w]) for w in all_weeks)}, min events/week {few}" + (f", thin weeks {thin}" if thin else ""))
    disc_weeks = [w for w in all_weeks if weeks[w]["discovered"] == 0]
    check(touched < 100_000 or not disc_weeks, "unlicensed sources found every week", f"weeks without: {disc_weeks}" if disc_weeks else "")

    print()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) FAILED")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
