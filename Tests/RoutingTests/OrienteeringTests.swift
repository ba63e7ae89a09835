import DeterministicRandom
import Foundation
import Routing
import Testing

struct OrienteeringTests {
    /// A problem on random points (metres), the depot in the middle, random prizes 1…10.
    static func randomProblem(stops: Int, teams: Int, shiftHours: Double, seed: UInt64) -> OrienteeringProblem {
        var points = randomPoints(stops, seed: seed, side: 20_000)
        points.insert((10_000, 10_000), at: 0)
        var random = SplitMix64(seed: seed ^ 0xABCD)
        let prizes = [0.0] + (0..<stops).map { _ in Double(1 + random.below(10)) }
        let costs = CostMatrix(count: points.count) { i, j in
            let dx = points[i].x - points[j].x, dy = points[i].y - points[j].y
            return (dx * dx + dy * dy).squareRoot()
        }
        return OrienteeringProblem(
            costs: costs, prizes: prizes, teams: teams, shiftSeconds: shiftHours * 3600, metresPerSecond: 30 / 3.6,
            serviceSeconds: 30 * 60)
    }

    @Test(arguments: 0..<8)
    func plansOnRandomInstancesAreValid(seed: Int) {
        let problem = Self.randomProblem(stops: 40 + 20 * seed, teams: 1 + seed % 4, shiftHours: 4 + Double(seed % 3) * 2, seed: UInt64(seed))
        let result = OrienteeringSolver(seed: UInt64(seed)).solve(problem, limit: SearchLimit(iterations: 60))
        #expect(PlanValidator.problems(in: result.plan, for: problem).isEmpty)
        #expect(result.plan.prize > 0)
        // Not everything fits in these shifts, so the plan must have chosen.
        #expect(result.plan.routes.reduce(0) { $0 + $1.count } < problem.stopCount)
    }

    /// With 7 stops and 2 teams every assignment can be tried: the solver's prize is the best
    /// possible and its distance no more than the shortest plan with that prize.
    @Test(arguments: 0..<6)
    func tinyInstancesMatchExhaustiveSearch(seed: Int) {
        let problem = Self.randomProblem(stops: 7, teams: 2, shiftHours: 2.5, seed: UInt64(seed) + 50)
        let best = Self.exhaustiveBest(problem)
        let result = OrienteeringSolver(seed: 1).solve(problem, limit: SearchLimit(iterations: 200))
        #expect(PlanValidator.problems(in: result.plan, for: problem).isEmpty)
        #expect(result.plan.prize == best.prize)
        #expect(result.plan.metres <= best.metres + 1e-6)
    }

    /// The problem with one-way streets: a detour of up to 3 km on a third of the directions.
    static func withOneWayDetours(_ problem: OrienteeringProblem, seed: UInt64) -> OrienteeringProblem {
        let count = problem.costs.count
        var random = SplitMix64(seed: seed)
        let detours = (0..<(count * count)).map { _ in random.below(3) == 0 ? random.unit() * 3000 : 0 }
        return OrienteeringProblem(
            costs: CostMatrix(count: count) { problem.costs[$0, $1] + detours[$0 * count + $1] }, prizes: problem.prizes,
            teams: problem.teams, shiftSeconds: problem.shiftSeconds, metresPerSecond: problem.metresPerSecond,
            serviceSeconds: problem.serviceSeconds)
    }

    /// On asymmetric costs a route reversed by 2-opt drives every edge inside the other way;
    /// the plan is still the best possible, and its distance the one driven.
    @Test(arguments: 0..<6)
    func tinyAsymmetricInstancesMatchExhaustiveSearch(seed: Int) {
        let problem = Self.withOneWayDetours(Self.randomProblem(stops: 7, teams: 2, shiftHours: 2.5, seed: UInt64(seed) + 80), seed: UInt64(seed))
        #expect(!problem.costs.isSymmetric)
        let best = Self.exhaustiveBest(problem)
        let result = OrienteeringSolver(seed: 1).solve(problem, limit: SearchLimit(iterations: 200))
        #expect(PlanValidator.problems(in: result.plan, for: problem).isEmpty)
        #expect(result.plan.prize == best.prize)
        #expect(result.plan.metres <= best.metres + 1e-6)
    }

    /// Larger asymmetric plans end on their iteration limit alone and are valid.
    @Test(arguments: 0..<4)
    func asymmetricPlansEndOnTheirIterationLimit(seed: Int) {
        let problem = Self.withOneWayDetours(
            Self.randomProblem(stops: 120, teams: 1 + seed % 3, shiftHours: 6, seed: UInt64(seed) + 300), seed: UInt64(seed))
        let result = OrienteeringSolver(seed: UInt64(seed)).solve(problem, limit: SearchLimit(iterations: 60))
        #expect(result.iterations == 60)
        #expect(PlanValidator.problems(in: result.plan, for: problem).isEmpty)
        #expect(result.plan.prize > 0)
    }

    @Test func sameSeedAndIterationsGiveTheSamePlan() {
        let problem = Self.randomProblem(stops: 150, teams: 3, shiftHours: 6, seed: 77)
        let first = OrienteeringSolver(seed: 5).solve(problem, limit: SearchLimit(iterations: 40))
        let second = OrienteeringSolver(seed: 5).solve(problem, limit: SearchLimit(iterations: 40))
        #expect(first.plan == second.plan)
    }

    @Test func stopsBeyondHalfAShiftAreReportedNotVisited() {
        // Depot at 0; stop 1 at 1 km; stop 2 at 100 km (2 × 100 km at 30 km/h > 4 h).
        let positions: [Double] = [0, 1000, 100_000]
        let costs = CostMatrix(count: 3) { abs(positions[$0] - positions[$1]) }
        let problem = OrienteeringProblem(costs: costs, prizes: [0, 1, 50], teams: 2, shiftSeconds: 4 * 3600, metresPerSecond: 30 / 3.6, serviceSeconds: 1800)
        let result = OrienteeringSolver().solve(problem, limit: SearchLimit(iterations: 10))
        #expect(result.outOfReach == [2])
        #expect(result.plan.routes.flatMap { $0 } == [1])
        #expect(PlanValidator.problems(in: result.plan, for: problem).isEmpty)
    }

    @Test func validatorCatchesBrokenPlans() {
        let problem = Self.randomProblem(stops: 10, teams: 2, shiftHours: 1, seed: 3)
        let twice = OrienteeringPlan(routes: [[1], [1]], prize: 2 * problem.prizes[1], metres: 2 * problem.routeMetres([1]))
        #expect(PlanValidator.problems(in: twice, for: problem).contains { $0.contains("more than once") })
        let everything = Array(1...10)
        let tooLong = OrienteeringPlan(
            routes: [everything], prize: everything.reduce(0) { $0 + problem.prizes[$1] }, metres: problem.routeMetres(everything))
        #expect(PlanValidator.problems(in: tooLong, for: problem).contains { $0.contains("shift") })
        let wrongMetres = OrienteeringPlan(routes: [[2]], prize: problem.prizes[2], metres: problem.routeMetres([2]) - 5)
        #expect(PlanValidator.problems(in: wrongMetres, for: problem).contains { $0.contains("driven") })
        let tooManyTeams = OrienteeringPlan(routes: [[], [], []], prize: 0, metres: 0)
        #expect(!PlanValidator.problems(in: tooManyTeams, for: problem).isEmpty)
    }

    /// Best prize, then least distance, over every split of the stops into unvisited / team 1 /
    /// team 2 and every order of each team's stops.
    static func exhaustiveBest(_ problem: OrienteeringProblem) -> (prize: Double, metres: Double) {
        let stops = Array(1...problem.stopCount)
        func bestRoute(_ subset: [Int]) -> Double {
            guard !subset.isEmpty else { return 0 }
            var best = Double.infinity
            var order = subset
            func permute(_ k: Int) {
                if k == order.count {
                    let metres = problem.routeMetres(order)
                    if problem.fitsShift(metres: metres, stops: order.count) { best = min(best, metres) }
                    return
                }
                for i in k..<order.count {
                    order.swapAt(k, i)
                    permute(k + 1)
                    order.swapAt(k, i)
                }
            }
            permute(0)
            return best
        }
        var bestPrize = 0.0, bestMetres = 0.0
        var assignment = [Int](repeating: 0, count: stops.count)
        let total = Int(pow(3.0, Double(stops.count)))
        for code in 0..<total {
            var c = code
            for i in 0..<stops.count { assignment[i] = c % 3; c /= 3 }
            let first = stops.indices.filter { assignment[$0] == 1 }.map { stops[$0] }
            let second = stops.indices.filter { assignment[$0] == 2 }.map { stops[$0] }
            let prize = (first + second).reduce(0) { $0 + problem.prizes[$1] }
            guard prize >= bestPrize - 1e-9 else { continue }
            let metres = bestRoute(first) + bestRoute(second)
            guard metres.isFinite else { continue }
            if prize > bestPrize + 1e-9 || metres < bestMetres - 1e-9 { bestPrize = prize; bestMetres = metres }
        }
        return (bestPrize, bestMetres)
    }
}
