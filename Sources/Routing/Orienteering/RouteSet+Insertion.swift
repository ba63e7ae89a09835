import DeterministicRandom

/// Greedy insertion of unvisited stops: the stop with the best prize per second of added
/// time (the detour driven plus its service) goes where it adds least, until nothing fits.
///
/// The best insertion of every stop into every route is cached and only the changed route is
/// re-examined after an insertion, so filling k routes from m candidates costs O(m · Σ route
/// length) rather than that times the number of insertions.
extension RouteSet {
    /// Inserts stops while any fits, or until the clock's time is up (reading it once per
    /// insertion). `noise` in [0, 1) scales each stop's ratio by a random factor in
    /// [1 − noise, 1 + noise] (drawn once per call) to diversify the iterated search.
    mutating func insertGreedily(
        problem: OrienteeringProblem, candidates: [Int], noise: Double, random: inout SplitMix64, clock: SearchClock
    ) {
        let teams = problem.teams
        var pool = candidates.filter { routeOf[$0] < 0 && problem.prizes[$0] > 0 }
        guard !pool.isEmpty, teams > 0 else { return }
        let weight = pool.map { _ in noise > 0 ? 1 + noise * (2 * random.unit() - 1) : 1.0 }
        var bestRatio = [Double](repeating: -1, count: pool.count * teams)
        var bestIndex = [Int](repeating: -1, count: pool.count * teams)

        func evaluate(_ team: Int) {
            let route = routes[team]
            let routeMetres = metres[team]
            for (slot, stop) in pool.enumerated() where stop >= 0 {
                var best = -1.0
                var bestAt = -1
                var before = 0
                for index in 0...route.count {
                    let after = index < route.count ? route[index] : 0
                    let added = problem.costs[before, stop] + problem.costs[stop, after] - problem.costs[before, after]
                    if problem.fitsShift(metres: routeMetres + added, stops: route.count + 1) {
                        let ratio = problem.prizes[stop] * weight[slot] / (max(0, added) / problem.metresPerSecond + problem.serviceSeconds + 1e-9)
                        if ratio > best { best = ratio; bestAt = index }
                    }
                    before = after
                }
                bestRatio[slot * teams + team] = best
                bestIndex[slot * teams + team] = bestAt
            }
        }
        for team in 0..<teams { evaluate(team) }
        while !clock.isOutOfTime {
            var chosenSlot = -1, chosenTeam = -1
            var chosenRatio = 0.0
            for slot in 0..<pool.count where pool[slot] >= 0 {
                for team in 0..<teams {
                    let ratio = bestRatio[slot * teams + team]
                    if ratio > chosenRatio { chosenRatio = ratio; chosenSlot = slot; chosenTeam = team }
                }
            }
            guard chosenSlot >= 0 else { return }
            insert(pool[chosenSlot], in: chosenTeam, at: bestIndex[chosenSlot * teams + chosenTeam], problem: problem)
            pool[chosenSlot] = -1
            evaluate(chosenTeam)
        }
    }
}
