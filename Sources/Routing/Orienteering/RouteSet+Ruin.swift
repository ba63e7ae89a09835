import DeterministicRandom

/// The "ruin" half of ruin-and-recreate: removing a few visited stops so that the greedy
/// insertion can rebuild that part of the plan differently.
extension RouteSet {
    mutating func ruin(problem: OrienteeringProblem, random: inout SplitMix64) {
        let visited = routes.reduce(0) { $0 + $1.count }
        guard visited > 0 else { return }
        if random.below(2) == 0 {
            // A run of consecutive stops of one route.
            let nonEmpty = routes.indices.filter { !routes[$0].isEmpty }
            let team = nonEmpty[random.below(nonEmpty.count)]
            let count = routes[team].count
            let length = 1 + random.below(max(1, min(count, 1 + count / 2)))
            let start = random.below(count - length + 1)
            for _ in 0..<length { remove(at: start, in: team, problem: problem) }
        } else {
            // A visited stop and its nearest visited stops, whatever routes they are on.
            var pick = random.below(visited)
            var centre = 0
            for route in routes {
                if pick < route.count { centre = route[pick]; break }
                pick -= route.count
            }
            let wanted = 1 + random.below(min(visited, 8))
            var nearest = routes.flatMap { $0 }
            nearest.sort { (problem.costs[centre, $0], $0) < (problem.costs[centre, $1], $1) }
            for stop in nearest.prefix(wanted) {
                let team = routeOf[stop]
                if let index = routes[team].firstIndex(of: stop) { remove(at: index, in: team, problem: problem) }
            }
        }
    }
}
