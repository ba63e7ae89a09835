import DeterministicRandom

/// The travelling-salesman heuristic: a greedy start, 2-opt + Or-opt to a local optimum, then an
/// iterated local search until the limit.
///
/// Each iteration applies a double-bridge kick (two adjacent blocks of 1–50 places swap places:
/// three edges of one small region change), re-optimises only around the six places touched, and keeps the result when it is no longer than before
/// (accepting equal tours lets the search drift across plateaus); otherwise the journal of
/// reversals undoes it exactly. Local kicks keep most of a good tour intact, which is why this
/// simple scheme gets within about 1 % of the optimum on 1,000 places in a second or two.
public struct TourSolver: Sendable {
    /// Candidate neighbours per place for the local search (two more when coordinates give
    /// quadrant neighbours).
    public var neighboursPerPlace = 10
    /// With coordinates: the nearest places in each quadrant that every list includes.
    public var neighboursPerQuadrant = 2
    /// Longest block a kick moves, in places.
    public var kickBlockLength = 50
    /// Stop after this many kicks in a row without a shorter tour (at least 200,000; 300 per
    /// place): small instances then finish early, and the tour no longer depends on the clock.
    public var stallKicksPerPlace = 300
    /// Seeds the kicks: the same seed and iteration limit give the same tour.
    public var seed: UInt64 = 1

    public init(seed: UInt64 = 1) { self.seed = seed }

    /// What the search found.
    public struct Result: Sendable {
        /// The places in visiting order (a closed cycle: the last returns to the first).
        public let order: [Int]
        /// The cycle's cost under the matrix.
        public let length: Double
        /// Kicks tried and kicks kept.
        public let iterations: Int
        public let accepted: Int
        public let seconds: Double
    }

    /// Solves the symmetric TSP on `costs` (every place visited once, a closed cycle). With the
    /// places' planar `coordinates` the candidate lists include quadrant neighbours, which is
    /// what clustered places need (4.8 % → 0.01 % above LKH on 1,000 clustered suspects).
    public func solve(_ costs: CostMatrix, coordinates: [(x: Double, y: Double)]? = nil, limit: SearchLimit) -> Result {
        let clock = SearchClock(limit)
        let n = costs.count
        guard n > 8 else {
            let order = Self.exhaustive(costs)
            return Result(order: order, length: costs.cycleCost(order), iterations: 0, accepted: 0, seconds: clock.elapsedSeconds)
        }
        let neighbours = coordinates.map {
            NeighbourLists(costs: costs, perPlace: neighboursPerPlace + 2, coordinates: $0, perQuadrant: neighboursPerQuadrant)
        } ?? NeighbourLists(costs: costs, perPlace: neighboursPerPlace)
        let tour = ArrayTour(order: GreedyTour.build(costs: costs, neighbours: neighbours))
        let search = TourLocalSearch(costs: costs, neighbours: neighbours, tour: tour)
        search.enqueueAll()
        search.optimise()

        var random = SplitMix64(seed: seed)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer { scratch.deallocate() }
        var iteration = 0
        var accepted = 0
        let stallLimit = max(200_000, stallKicksPerPlace * n)
        var bestLength = search.length
        var lastImprovement = 0
        while !clock.isExhausted(at: iteration) && iteration - lastImprovement < stallLimit {
            iteration += 1
            let kick = Self.chooseKick(tour: tour, maximumBlock: kickBlockLength, random: &random)
            let before = search.length
            search.startJournal()
            let delta = Self.applyKick(kick, tour: tour, costs: costs, scratch: scratch)
            search.length += delta
            kick.forEachEndpoint(search.enqueue)
            search.optimise()
            if search.length <= before + 1e-7 {
                search.stopJournal()
                accepted += 1
                if search.length < bestLength - 1e-7 {
                    bestLength = search.length
                    lastImprovement = iteration
                }
            } else {
                search.undoJournal()
                tour.swapAdjacentBlocks(
                    start: kick.start, firstLength: kick.secondLength, secondLength: kick.firstLength, scratch: scratch)
                search.length = before
            }
        }
        return Result(order: tour.order, length: search.length, iterations: iteration, accepted: accepted, seconds: clock.elapsedSeconds)
    }

    /// A double bridge: the blocks [start, start+first) and [start+first, start+first+second)
    /// (positions, wrapping) change places; the six places at the ends of the three changed
    /// edges are `before`, `firstStart`, `firstEnd`, `secondStart`, `secondEnd`, `after`.
    struct Kick {
        var start: Int
        var firstLength: Int
        var secondLength: Int
        var before: Int, firstStart: Int, firstEnd: Int, secondStart: Int, secondEnd: Int, after: Int

        func forEachEndpoint(_ body: (Int) -> Void) {
            body(before); body(firstStart); body(firstEnd); body(secondStart); body(secondEnd); body(after)
        }
    }

    /// Two adjacent blocks of 1…`maximumBlock` places at a random position. In a good tour
    /// consecutive places are near one another, so the three cut edges lie in one small region
    /// and the kick is local in space; swapping longer blocks is what Or-opt cannot undo alone.
    static func chooseKick(tour: ArrayTour, maximumBlock: Int, random: inout SplitMix64) -> Kick {
        let n = tour.count
        let longest = max(1, min(maximumBlock, (n - 2) / 2))
        let start = random.below(n)
        let first = 1 + random.below(longest)
        let second = 1 + random.below(longest)
        func at(_ offset: Int) -> Int { Int(tour.place[(start + offset + n) % n]) }
        return Kick(
            start: start, firstLength: first, secondLength: second,
            before: at(-1), firstStart: at(0), firstEnd: at(first - 1), secondStart: at(first),
            secondEnd: at(first + second - 1), after: at(first + second))
    }

    /// Applies the kick and returns the change in tour length.
    static func applyKick(_ kick: Kick, tour: ArrayTour, costs: CostMatrix, scratch: UnsafeMutablePointer<Int32>) -> Double {
        // endpoints: before | A-start … A-end | B-start … B-end | after
        let removed = costs[kick.before, kick.firstStart] + costs[kick.firstEnd, kick.secondStart] + costs[kick.secondEnd, kick.after]
        let added = costs[kick.before, kick.secondStart] + costs[kick.secondEnd, kick.firstStart] + costs[kick.firstEnd, kick.after]
        tour.swapAdjacentBlocks(start: kick.start, firstLength: kick.firstLength, secondLength: kick.secondLength, scratch: scratch)
        return added - removed
    }

    /// The optimal cycle by trying every order (place 0 first): at most 7! orders for the
    /// ≤ 8 places it is used for, where the kicks have no room.
    static func exhaustive(_ costs: CostMatrix) -> [Int] {
        let n = costs.count
        guard n > 3 else { return Array(0..<n) }
        var best = Array(0..<n)
        var bestCost = costs.cycleCost(best)
        var rest = Array(1..<n)
        func permute(_ k: Int) {
            if k == rest.count {
                let order = [0] + rest
                let c = costs.cycleCost(order)
                if c < bestCost { bestCost = c; best = order }
                return
            }
            for i in k..<rest.count {
                rest.swapAt(k, i)
                permute(k + 1)
                rest.swapAt(k, i)
            }
        }
        permute(0)
        return best
    }
}
