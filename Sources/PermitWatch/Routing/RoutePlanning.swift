import Foundation
import GeoKit
import Routing
import Store

/// `permitwatch route plan` and `POST /analytics/routes`: chooses which suspect sources the
/// teams visit and in which order, so that the most priority is inspected within the shifts,
/// and stores the plan (served as the `routes` collection) when given an archive.
///
/// Travel is straight-line EPSG:4547 metres times the detour factor (1.0 by default: a lower
/// bound on real driving; 1.3 is typical of a city's roads), or shortest directed paths over a
/// road network, stops snapped to the nearest road node. Driving time is metres / speed.
public struct RoutePlanning: Sendable {
    /// What planning reads: the suspects, the latest clusters run, depots and roads. Stops from
    /// a catalog query also need the store to be a `CatalogReader`.
    public typealias Storage = RegisterAnalytics & SourceRegister & AreaStore & AnalysisRunStore & FieldNetwork & MetricCRSStore

    let store: any Storage
    let archive: (any RoutePlanStore)?

    /// - Parameter archive: where plans are stored; nil plans without storing (`--no-store`,
    ///   or a server that cannot write).
    public init(store: any Storage, archive: (any RoutePlanStore)? = nil) {
        self.store = store
        self.archive = archive
    }

    /// Plans the day; stores the plan in the archive, when there is one, and says its id.
    public func plan(_ request: RoutePlanRequest) throws -> RoutePlan {
        var plan = try compute(request)
        plan.planID = try archive?.storeRoutePlan(plan.record)
        return plan
    }

    private func compute(_ request: RoutePlanRequest) throws -> RoutePlan {
        try request.validate()
        let all = try RouteCandidates(store: store).load(request.stops, asOf: request.asOf, crs: request.crs)
        guard !all.isEmpty else {
            throw Refusal("no stops to plan: no unlicensed source or rectifying source past its deadline in the selection")
        }
        var candidates = Array(all.sorted { ($1.priority, $0.id) < ($0.priority, $1.id) }.prefix(request.limit))
        // What the team is told about each stop: the register's details and the grid officer.
        let cards = try store.fetchSourceCards(candidates.map(\.id))
        for i in candidates.indices { candidates[i].card = cards[candidates[i].id] }
        let (depotName, depot) = try resolveDepot(request.depot, near: candidates, crs: request.crs)
        let storedRoads = request.roadsFile == nil && !request.straightLines ? try RoadIngest.storedSegments(in: store) : nil
        // The store's metric CRS; a store without data (stops and depot given by position) has
        // none, and the plan is measured in the one its places would get.
        guard let metricCRS = try store.metricCRS() ?? MetricCRS.fitting(covering: [depot] + candidates.map(\.location)) else {
            throw Refusal("no stops to plan")
        }
        let travel = try TravelModel(request: request, storedRoads: storedRoads, depot: depot, stops: candidates, metricCRS: metricCRS)
        let stops = travel.stopOfPlace.map { candidates[$0] }
        let unreachable = travel.unreachableStops.map { candidates[$0] }
        guard !stops.isEmpty else {
            throw Refusal("no stop can be reached from the depot by road (\(unreachable.count) stops lie in other parts of the network)")
        }

        let metresPerSecond = request.speedKmh / 3.6
        let serviceSeconds = request.serviceMinutes * 60
        let limit = request.searchLimit
        var routes: [[Int]]
        var outOfReach: [Int] = []
        var iterations: Int
        var solveSeconds: Double
        if request.shiftHours == 0 {
            let result = TourSolver(seed: request.seed).solve(travel.matrix, coordinates: travel.planarCoordinates, limit: limit)
            let start = result.order.firstIndex(of: 0) ?? 0
            routes = [Array(result.order[(start + 1)...] + result.order[..<start])]
            iterations = result.iterations
            solveSeconds = result.seconds
        } else {
            let problem = OrienteeringProblem(
                costs: travel.matrix, prizes: [0] + stops.map(\.priority), teams: request.teams,
                shiftSeconds: request.shiftHours * 3600, metresPerSecond: metresPerSecond, serviceSeconds: serviceSeconds)
            outOfReach = problem.stopsOutOfReach
            if outOfReach.count == stops.count {
                throw Refusal(Self.allOutOfReachMessage(problem: problem, stops: stops, request: request))
            }
            let result = OrienteeringSolver(seed: request.seed).solve(problem, limit: limit)
            let problems = PlanValidator.problems(in: result.plan, for: problem)
            // The validator recomputes the plan from scratch; a plan it rejects is never shown.
            guard problems.isEmpty else {
                throw Refusal(
                    "internal error: the planner made an invalid plan (\(problems.joined(separator: "; "))); please report it with the request",
                    kind: .internal)
            }
            routes = result.plan.routes
            iterations = result.iterations
            solveSeconds = result.seconds
        }

        var visited = Set<Int>()
        var teams: [RoutePlan.Team] = []
        for (index, route) in routes.enumerated() {
            var visits: [RoutePlan.Visit] = []
            var clock = 0.0, metres = 0.0, prize = 0.0
            var previous = 0
            for place in route {
                let leg = travel.matrix[previous, place]
                clock += leg / metresPerSecond
                metres += leg
                let stop = stops[place - 1]
                visits.append(RoutePlan.Visit(stop: stop, arrivalSeconds: clock, departureSeconds: clock + serviceSeconds, legMetres: leg, cumulativeMetres: metres))
                clock += serviceSeconds
                prize += stop.priority
                visited.insert(place)
                previous = place
            }
            let back = travel.matrix[previous, 0]
            teams.append(RoutePlan.Team(
                number: index + 1, visits: visits, returnLegMetres: back, returnSeconds: clock + back / metresPerSecond,
                metres: metres + back, prize: prize, path: travel.path(through: route)))
        }
        let outOfReachSet = Set(outOfReach)
        return RoutePlan(
            depotName: depotName, depot: depot, teams: teams,
            unvisited: (1...stops.count).filter { !visited.contains($0) && !outOfReachSet.contains($0) }.map { stops[$0 - 1] },
            outOfReach: outOfReach.map { stops[$0 - 1] }, unreachableByRoad: unreachable, candidates: candidates.count,
            request: request, travel: travel.description, iterations: iterations, solveSeconds: solveSeconds)
    }

    static func allOutOfReachMessage(problem: OrienteeringProblem, stops: [RouteStop], request: RoutePlanRequest) -> String {
        let nearest = (1...stops.count).min { problem.costs[0, $0] + problem.costs[$0, 0] < problem.costs[0, $1] + problem.costs[$1, 0] }!
        let reachKm = (problem.shiftSeconds - problem.serviceSeconds) * problem.metresPerSecond / 2000
        let subject = stops.count == 1 ? "the stop \(stops[0].id) is" : "every one of the \(stops.count) stops is"
        return "\(subject) further than half a shift from the depot: the nearest, \(stops[nearest - 1].id), is "
            + String(format: "%.1f km away; in %g h at %g km/h with %g min of service a team reaches %.1f km out and back",
                problem.costs[0, nearest] / 1000, request.shiftHours, request.speedKmh, request.serviceMinutes, max(0, reachKm))
    }

    /// The depot by code, by point (in `crs`, converted as every ingest converts), or the stored
    /// depot nearest to the candidates' centre.
    func resolveDepot(_ depot: RoutePlanRequest.Depot, near stops: [RouteStop], crs: CoordinateSystem? = nil) throws -> (String, Coordinate) {
        switch depot {
        case .point(let lon, let lat):
            let conversion = try CoordinateConversion.declared(crs, file: "--depot")
            let given = "\(ParameterError.text(lon)),\(ParameterError.text(lat))"
            guard let point = conversion.toWGS84([Coordinate(lon, lat)])[0] else {
                throw ParameterError("depot", given, "cannot be converted from \(conversion.description) to WGS-84")
            }
            if let message = conversion.rangeProblem(point) { throw ParameterError("depot", given, message) }
            return (String(format: "%.6f,%.6f", point.x, point.y), point)
        case .code(let code):
            guard let found = try store.fetchDepots().first(where: { $0.code == code }) else {
                throw ParameterError(
                    "depot", code, "no depot with this code is stored (see `permitwatch ingest depots`); or give LON,LAT", kind: .rejected)
            }
            return (found.code, found.location)
        case .nearest:
            let depots = try store.fetchDepots()
            guard !depots.isEmpty else {
                throw ParameterError(
                    "depot", nil, "no depots are stored: give LON,LAT or load them with `permitwatch ingest depots`", kind: .rejected)
            }
            // Stored depots mean a store with data, and so with a metric CRS, theirs.
            let metricCRS = try store.metricCRSForReading()
            let projected = stops.map { $0.projected ?? metricCRS.forward($0.location) }
            let x = projected.reduce(0) { $0 + $1.x } / Double(stops.count)
            let y = projected.reduce(0) { $0 + $1.y } / Double(stops.count)
            let nearest = depots.min { a, b in
                let da = (a.projected.x - x) * (a.projected.x - x) + (a.projected.y - y) * (a.projected.y - y)
                let db = (b.projected.x - x) * (b.projected.x - x) + (b.projected.y - y) * (b.projected.y - y)
                return (da, a.code) < (db, b.code)
            }!
            return (nearest.code, nearest.location)
        }
    }
}
