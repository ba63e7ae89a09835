import DeterministicRandom

/// The prize-collecting multi-team planner: greedy construction by prize per second of added
/// time, local search, then ruin-and-recreate iterations until the limit.
///
/// Each iteration removes a few visited stops (a random run of one route, or a visited stop
/// with its nearest visited neighbours), refills the routes by noisy greedy insertion, and runs
/// the local search; the new plan replaces the current one when it is not worse, and after a
/// long run without a new best the search returns to the best plan. Everything random comes
/// from one seeded generator, so a seed and an iteration limit fix the plan.
public struct OrienteeringSolver: Sendable {
    public var seed: UInt64
    /// How much a recreate may reorder the greedy choice (see `RouteSet.insertGreedily`).
    public var noise = 0.3

    /// Stop after this many iterations in a row without a better plan: small problems finish
    /// early, and the plan no longer depends on the clock.
    public var stallIterations = 3000

    public init(seed: UInt64 = 1) { self.seed = seed }

    public struct Result: Sendable {
        public let plan: OrienteeringPlan
        /// Stops that cannot be visited within a shift even alone.
        public let outOfReach: [Int]
        public let iterations: Int
        public let seconds: Double
    }

    public func solve(_ problem: OrienteeringProblem, limit: SearchLimit) -> Result {
        let clock = SearchClock(limit, checkEvery: 1)
        var random = SplitMix64(seed: seed)
        let outOfReach = problem.stopsOutOfReach
        let unreachable = Set(outOfReach)
        let candidates = (1..<max(1, problem.costs.count)).filter { !unreachable.contains($0) && problem.prizes[$0] > 0 }
        var current = RouteSet(problem: problem)
        guard problem.teams > 0, !candidates.isEmpty else {
            return Result(plan: current.plan, outOfReach: outOfReach, iterations: 0, seconds: clock.elapsedSeconds)
        }
        current.insertGreedily(problem: problem, candidates: candidates, noise: 0, random: &random, clock: clock)
        current.improve(problem: problem, candidates: candidates, random: &random, clock: clock)
        var best = current
        var sinceBest = 0
        var iteration = 0
        var lastImprovement = 0
        while !clock.isExhausted(at: iteration) && iteration - lastImprovement < stallIterations {
            iteration += 1
            var candidate = current
            candidate.ruin(problem: problem, random: &random)
            candidate.insertGreedily(problem: problem, candidates: candidates, noise: noise, random: &random, clock: clock)
            candidate.improve(problem: problem, candidates: candidates, random: &random, clock: clock)
            if !current.isBetter(than: candidate) { current = candidate }
            if current.isBetter(than: best) {
                best = current
                sinceBest = 0
                lastImprovement = iteration
            } else {
                sinceBest += 1
                if sinceBest >= 200 {
                    current = best
                    sinceBest = 0
                }
            }
        }
        return Result(plan: best.plan, outOfReach: outOfReach, iterations: iteration, seconds: clock.elapsedSeconds)
    }
}
