/// Checks an `OrienteeringPlan` against its problem from scratch, independently of the solver's
/// own bookkeeping: every stop at most once, no depot or unknown place inside a route, at most
/// `teams` routes, each route back within the shift, and the prize and distance the plan claims
/// equal to those recomputed from the matrix.
public enum PlanValidator {
    /// The problems found; empty when the plan is valid.
    public static func problems(in plan: OrienteeringPlan, for problem: OrienteeringProblem) -> [String] {
        var found: [String] = []
        if plan.routes.count > problem.teams {
            found.append("\(plan.routes.count) routes for \(problem.teams) teams")
        }
        var seen = Set<Int>()
        var prize = 0.0
        var metres = 0.0
        for (team, route) in plan.routes.enumerated() {
            var routeMetres = 0.0
            var previous = 0
            for stop in route {
                guard stop >= 1 && stop < problem.costs.count else {
                    found.append("team \(team + 1): place \(stop) is not a stop")
                    continue
                }
                if !seen.insert(stop).inserted { found.append("stop \(stop) is visited more than once") }
                prize += problem.prizes[stop]
                routeMetres += problem.costs[previous, stop]
                previous = stop
            }
            routeMetres += problem.costs[previous, 0]
            metres += routeMetres
            // Walk the schedule: arrival, service, departure, then the drive back.
            var clock = 0.0
            previous = 0
            for stop in route where stop >= 1 && stop < problem.costs.count {
                clock += problem.costs[previous, stop] / problem.metresPerSecond + problem.serviceSeconds
                previous = stop
            }
            clock += problem.costs[previous, 0] / problem.metresPerSecond
            if !route.isEmpty && clock > problem.shiftSeconds + 1e-3 {
                found.append("team \(team + 1) is back after \(clock) s, the shift is \(problem.shiftSeconds) s")
            }
        }
        if abs(prize - plan.prize) > 1e-6 * max(1, abs(prize)) { found.append("prize \(plan.prize) claimed, \(prize) visited") }
        if abs(metres - plan.metres) > 1e-6 * max(1, metres) { found.append("\(plan.metres) m claimed, \(metres) m driven") }
        return found
    }
}
