#!/usr/bin/env python3
"""Reference plans for `permitwatch route plan`, by independent solvers on the same stops.

Reads the candidates straight from the database (plain sqlite3, no permitwatch code): the
current unlicensed and overdue rectifying sources of one area with the default priorities
(an unlicensed source in a cluster of the latest stored clusters run: the cluster's size;
outside clusters: 1; rectifying past its deadline on the latest event's day: 5), keeps the
`--limit` highest (ties by source id), takes the stored depot nearest their centre, and
measures straight-line EPSG:4547 metres from the stored x/y. Then:

  * LKH-3 through elkai: one tour through the depot and every stop (`--lkh-runs`; the issue's
    figure is "LKH after a minute"), printed as km;
  * OR-Tools routing with guided local search for `--ortools-seconds`: `--teams` vehicles,
    `--shift-hours`, `--speed-kmh`, `--service-minutes`, every stop optional with a penalty of
    its priority × 10^7 so that prize comes before distance; prints prize and km.

`--stops-out FILE` writes the candidates as `source_id,lon,lat,priority` and prints the depot,
so that `permitwatch route plan --stops FILE --depot LON,LAT` plans exactly the same problem.
Output: one JSON object on standard output.
"""
import argparse
import csv
import json
import math
import sqlite3
import sys
import time


def candidates(db, area, limit):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    run = con.execute("SELECT id FROM analysis_runs WHERE kind = 'clusters' ORDER BY id DESC LIMIT 1").fetchone()
    cluster_of, size = {}, {}
    if run:
        for source_id, cluster in con.execute("SELECT source_id, cluster FROM cluster_members WHERE run_id = ?", run):
            cluster_of[source_id] = cluster
            if cluster >= 0:
                size[cluster] = size.get(cluster, 0) + 1
    as_of = con.execute("SELECT max(date) FROM events").fetchone()[0] or time.strftime("%Y-%m-%d")
    rows = con.execute(
        "SELECT source_id, status, deadline, lon, lat, x, y FROM sources WHERE removed_on IS NULL"
        " AND status IN ('unlicensed', 'rectifying') AND ? IN (prefecture_code, county_code, town_code, grid_code)",
        (area,),
    ).fetchall()
    stops = []
    for source_id, status, deadline, lon, lat, x, y in rows:
        if status == "unlicensed":
            cluster = cluster_of.get(source_id, -1)
            priority = size[cluster] if cluster >= 0 else 1
        elif deadline and deadline < as_of:
            priority = 5
        else:
            continue
        stops.append((source_id, lon, lat, x, y, priority))
    stops.sort(key=lambda s: (-s[5], s[0]))
    stops = stops[:limit]
    cx = sum(s[3] for s in stops) / len(stops)
    cy = sum(s[4] for s in stops) / len(stops)
    depots = con.execute("SELECT code, lon, lat, x, y FROM depots").fetchall()
    depot = min(depots, key=lambda d: ((d[3] - cx) ** 2 + (d[4] - cy) ** 2, d[0]))
    return stops, depot


def lkh_tour(points, runs):
    import elkai

    n = len(points)
    # Decimetres as integers: LKH works on integer weights.
    matrix = [[int(round(10 * math.dist(points[i], points[j]))) for j in range(n)] for i in range(n)]
    start = time.time()
    tour = elkai.DistanceMatrix(matrix).solve_tsp(runs=runs)
    seconds = time.time() - start
    if tour[0] == tour[-1]:
        tour = tour[:-1]
    metres = sum(math.dist(points[tour[i]], points[tour[(i + 1) % n]]) for i in range(n))
    return metres, seconds


def ortools_plan(points, prizes, teams, shift_hours, speed_kmh, service_minutes, seconds):
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(points)
    manager = pywrapcp.RoutingIndexManager(n, teams, 0)
    routing = pywrapcp.RoutingModel(manager)
    metres = [[int(round(math.dist(points[i], points[j]))) for j in range(n)] for i in range(n)]
    speed = speed_kmh / 3.6
    service = int(service_minutes * 60)

    def distance(i, j):
        return metres[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def duration(i, j):
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return int(math.ceil(metres[a][b] / speed)) + (service if a != 0 else 0)

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(distance))
    time_callback = routing.RegisterTransitCallback(duration)
    routing.AddDimension(time_callback, 0, int(shift_hours * 3600), True, "time")
    for node in range(1, n):
        routing.AddDisjunction([manager.NodeToIndex(node)], int(prizes[node] * 10_000_000))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromSeconds(int(seconds))
    solution = routing.SolveWithParameters(parameters)
    prize, driven, stops = 0.0, 0.0, 0
    for vehicle in range(teams):
        index = routing.Start(vehicle)
        previous = 0
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            if node != 0:
                prize += prizes[node]
                stops += 1
            driven += math.dist(points[previous], points[node])
            previous = node
            index = solution.Value(routing.NextVar(index))
        driven += math.dist(points[previous], points[0])
    return prize, driven, stops


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--area", required=True, help="prefecture (or any area) code")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--stops-out")
    parser.add_argument("--lkh-runs", type=int, default=10)
    parser.add_argument("--ortools-seconds", type=float, default=10)
    parser.add_argument("--teams", type=int, default=4)
    parser.add_argument("--shift-hours", type=float, default=8)
    parser.add_argument("--speed-kmh", type=float, default=30)
    parser.add_argument("--service-minutes", type=float, default=30)
    parser.add_argument("--skip-lkh", action="store_true")
    parser.add_argument("--skip-ortools", action="store_true")
    args = parser.parse_args()

    stops, depot = candidates(args.db, args.area, args.limit)
    if args.stops_out:
        with open(args.stops_out, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["source_id", "lon", "lat", "priority"])
            for source_id, lon, lat, _x, _y, priority in stops:
                writer.writerow([source_id, repr(lon), repr(lat), priority])
    points = [(depot[3], depot[4])] + [(s[3], s[4]) for s in stops]
    prizes = [0] + [s[5] for s in stops]
    result = {"area": args.area, "stops": len(stops), "depot": depot[0], "depot_lonlat": f"{depot[1]!r},{depot[2]!r}",
              "total_priority": sum(prizes)}
    if not args.skip_lkh:
        metres, seconds = lkh_tour(points, args.lkh_runs)
        result.update(lkh_km=round(metres / 1000, 3), lkh_seconds=round(seconds, 1), lkh_runs=args.lkh_runs)
    if not args.skip_ortools:
        prize, driven, visited = ortools_plan(points, prizes, args.teams, args.shift_hours, args.speed_kmh,
                                              args.service_minutes, args.ortools_seconds)
        result.update(ortools_prize=prize, ortools_km=round(driven / 1000, 3), ortools_stops=visited,
                      ortools_seconds=args.ortools_seconds)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
