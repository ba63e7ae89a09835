import DeterministicRandom

/// The orienteering local search: moves that shorten routes without losing prize (2-opt and
/// Or-opt inside a route, relocating or exchanging stops between routes) and moves that gain
/// prize (inserting unvisited stops into the time saved, replacing a stop by a better unvisited
/// one), repeated until none applies. Every move keeps every route within the shift, and every
/// move's gain is exact on asymmetric costs too, so that no sequence of moves can cycle.
///
/// Each move function is one pass over the plan and reads the clock once per pass (or per
/// insertion): between two readings lie at most O(stops²) cost evaluations, milliseconds for
/// the thousand stops a plan may have, so a search stops close to its time limit whatever the
/// size of the plan. Stopping between two moves leaves a valid plan.
extension RouteSet {
    mutating func improve(problem: OrienteeringProblem, candidates: [Int], random: inout SplitMix64, clock: SearchClock) {
        var rounds = 0
        while rounds < 50 && !clock.isOutOfTime {
            rounds += 1
            var changed = false
            for team in 0..<routes.count { changed = twoOpt(team, problem: problem, clock: clock) || changed }
            changed = relocate(problem: problem, clock: clock) || changed
            changed = exchange(problem: problem, clock: clock) || changed
            let prizeBefore = prize
            insertGreedily(problem: problem, candidates: candidates, noise: 0, random: &random, clock: clock)
            changed = prize > prizeBefore + 1e-9 || changed
            changed = replace(problem: problem, candidates: candidates, clock: clock) || changed
            if !changed { return }
        }
    }

    /// 2-opt within one route (the depot at both ends), first improvement until none is left.
    /// Reversing stops i…j also turns round the edges between them; what that costs (nothing
    /// on symmetric costs) is summed as j grows, so each move is still priced in O(1).
    mutating func twoOpt(_ team: Int, problem: OrienteeringProblem, clock: SearchClock) -> Bool {
        let count = routes[team].count
        guard count >= 2 else { return false }
        var improvedAny = false
        var improved = true
        while improved && !clock.isOutOfTime {
            improved = false
            for i in 0..<(count - 1) {
                let a = place(before: i, in: team), b = routes[team][i]
                var forwards = 0.0, backwards = 0.0
                for j in (i + 1)..<count {
                    let previous = routes[team][j - 1], c = routes[team][j], d = place(at: j + 1, in: team)
                    forwards += problem.costs[previous, c]
                    backwards += problem.costs[c, previous]
                    let delta = problem.costs[a, c] + problem.costs[b, d] - problem.costs[a, b] - problem.costs[c, d] + (backwards - forwards)
                    if delta < -1e-7 {
                        routes[team][i...j].reverse()
                        remeasure(team, problem: problem)
                        improved = true
                        improvedAny = true
                        break
                    }
                }
                if improved { break }
            }
        }
        return improvedAny
    }

    /// Moves one stop to the position (in any route, its own included) where the total
    /// distance drops most, if the receiving route stays within the shift.
    mutating func relocate(problem: OrienteeringProblem, clock: SearchClock) -> Bool {
        var improvedAny = false
        for from in 0..<routes.count where !clock.isOutOfTime {
            var index = 0
            while index < routes[from].count {
                let stop = routes[from][index]
                let before = place(before: index, in: from), after = place(at: index + 1, in: from)
                let saved = problem.costs[before, stop] + problem.costs[stop, after] - problem.costs[before, after]
                var bestGain = 1e-7
                var bestTeam = -1, bestAt = -1
                for to in 0..<routes.count {
                    let route = routes[to]
                    let stopsAfter = to == from ? route.count : route.count + 1
                    let baseMetres = to == from ? metres[to] - saved : metres[to]
                    var previous = 0
                    for at in 0...route.count {
                        let next = at < route.count ? route[at] : 0
                        defer { previous = next }
                        if to == from && (at == index || at == index + 1) { continue }
                        if previous == stop || next == stop { continue }
                        let added = problem.costs[previous, stop] + problem.costs[stop, next] - problem.costs[previous, next]
                        let gain = saved - added
                        if gain > bestGain && problem.fitsShift(metres: baseMetres + added, stops: stopsAfter) {
                            bestGain = gain; bestTeam = to; bestAt = at
                        }
                    }
                }
                if bestTeam >= 0 {
                    remove(at: index, in: from, problem: problem)
                    let at = bestTeam == from && bestAt > index ? bestAt - 1 : bestAt
                    insert(stop, in: bestTeam, at: at, problem: problem)
                    improvedAny = true
                    continue  // the stop now at `index` is a new one
                }
                index += 1
            }
        }
        return improvedAny
    }

    /// Swaps two stops of different routes when that shortens the total and both routes fit.
    mutating func exchange(problem: OrienteeringProblem, clock: SearchClock) -> Bool {
        var improvedAny = false
        for first in 0..<routes.count where !clock.isOutOfTime {
            for second in (first + 1)..<max(first + 1, routes.count) {
                var i = 0
                while i < routes[first].count {
                    let u = routes[first][i]
                    let uBefore = place(before: i, in: first), uAfter = place(at: i + 1, in: first)
                    var swapped = false
                    for j in 0..<routes[second].count {
                        let v = routes[second][j]
                        let vBefore = place(before: j, in: second), vAfter = place(at: j + 1, in: second)
                        let firstDelta = problem.costs[uBefore, v] + problem.costs[v, uAfter] - problem.costs[uBefore, u] - problem.costs[u, uAfter]
                        let secondDelta = problem.costs[vBefore, u] + problem.costs[u, vAfter] - problem.costs[vBefore, v] - problem.costs[v, vAfter]
                        guard firstDelta + secondDelta < -1e-7,
                            problem.fitsShift(metres: metres[first] + firstDelta, stops: routes[first].count),
                            problem.fitsShift(metres: metres[second] + secondDelta, stops: routes[second].count)
                        else { continue }
                        routes[first][i] = v
                        routes[second][j] = u
                        routeOf[v] = first
                        routeOf[u] = second
                        metres[first] += firstDelta
                        metres[second] += secondDelta
                        swapped = true
                        improvedAny = true
                        break
                    }
                    if !swapped { i += 1 }
                }
            }
        }
        return improvedAny
    }

    /// Replaces a visited stop by an unvisited one in the same position when that collects
    /// more prize (or the same prize for less distance) and the route still fits.
    mutating func replace(problem: OrienteeringProblem, candidates: [Int], clock: SearchClock) -> Bool {
        var improvedAny = false
        for team in 0..<routes.count where !clock.isOutOfTime {
            for index in 0..<routes[team].count {
                let stop = routes[team][index]
                let before = place(before: index, in: team), after = place(at: index + 1, in: team)
                let current = problem.costs[before, stop] + problem.costs[stop, after]
                var best = -1
                var bestPrize = problem.prizes[stop]
                var bestDelta = 0.0
                for candidate in candidates where routeOf[candidate] < 0 {
                    let candidatePrize = problem.prizes[candidate]
                    if candidatePrize < bestPrize - 1e-9 { continue }
                    let delta = problem.costs[before, candidate] + problem.costs[candidate, after] - current
                    let better = candidatePrize > bestPrize + 1e-9 || delta < bestDelta - 1e-7
                    if better && problem.fitsShift(metres: metres[team] + delta, stops: routes[team].count) {
                        best = candidate; bestPrize = candidatePrize; bestDelta = delta
                    }
                }
                if best >= 0 {
                    routes[team][index] = best
                    routeOf[stop] = -1
                    routeOf[best] = team
                    prize += problem.prizes[best] - problem.prizes[stop]
                    metres[team] += bestDelta
                    improvedAny = true
                }
            }
        }
        return improvedAny
    }
}
