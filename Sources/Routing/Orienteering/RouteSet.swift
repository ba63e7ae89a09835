/// The orienteering solver's working state: the teams' routes with their lengths and, for
/// every place, the route that visits it. A value type, so that the iterated search keeps its
/// current and best plans by plain assignment.
struct RouteSet {
    var routes: [[Int]]
    var metres: [Double]
    /// For each place, the team visiting it, or -1 (the depot is -1 too).
    var routeOf: [Int]
    var prize: Double

    init(problem: OrienteeringProblem) {
        routes = Array(repeating: [], count: problem.teams)
        metres = Array(repeating: 0, count: problem.teams)
        routeOf = Array(repeating: -1, count: problem.costs.count)
        prize = 0
    }

    var totalMetres: Double { metres.reduce(0, +) }

    var plan: OrienteeringPlan { OrienteeringPlan(routes: routes, prize: prize, metres: totalMetres) }

    /// Same ordering as `OrienteeringPlan.isBetter`.
    func isBetter(than other: RouteSet) -> Bool {
        if prize > other.prize + 1e-9 { return true }
        if prize < other.prize - 1e-9 { return false }
        return totalMetres < other.totalMetres - 1e-6
    }

    /// The place before position `index` of route `team` (the depot at the start).
    @inline(__always)
    func place(before index: Int, in team: Int) -> Int { index == 0 ? 0 : routes[team][index - 1] }

    /// The place at position `index` of route `team`, or the depot past the end.
    @inline(__always)
    func place(at index: Int, in team: Int) -> Int { index < routes[team].count ? routes[team][index] : 0 }

    mutating func insert(_ stop: Int, in team: Int, at index: Int, problem: OrienteeringProblem) {
        let before = place(before: index, in: team), after = place(at: index, in: team)
        metres[team] += problem.costs[before, stop] + problem.costs[stop, after] - problem.costs[before, after]
        routes[team].insert(stop, at: index)
        routeOf[stop] = team
        prize += problem.prizes[stop]
    }

    mutating func remove(at index: Int, in team: Int, problem: OrienteeringProblem) {
        let stop = routes[team][index]
        let before = place(before: index, in: team), after = place(at: index + 1, in: team)
        metres[team] -= problem.costs[before, stop] + problem.costs[stop, after] - problem.costs[before, after]
        routes[team].remove(at: index)
        routeOf[stop] = -1
        prize -= problem.prizes[stop]
    }

    /// Recomputes a route's length after it was rearranged in place.
    mutating func remeasure(_ team: Int, problem: OrienteeringProblem) {
        metres[team] = problem.routeMetres(routes[team])
    }
}
