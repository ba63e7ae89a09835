import Foundation
import Routing
import Testing
import TestSupport

struct TourSolverTests {
    /// burma14 (GEO), kept in the repository with its published optimum 3323.
    static let burma14 = """
        NAME: burma14
        TYPE: TSP
        DIMENSION: 14
        EDGE_WEIGHT_TYPE: GEO
        EDGE_WEIGHT_FORMAT: FUNCTION
        NODE_COORD_SECTION
        1 16.47 96.10
        2 16.47 94.44
        3 20.09 92.54
        4 22.39 93.37
        5 25.23 97.24
        6 22.00 96.05
        7 20.47 97.02
        8 17.20 96.29
        9 16.30 97.38
        10 14.05 98.12
        11 16.53 97.38
        12 21.52 95.59
        13 19.41 97.13
        14 20.09 94.55
        EOF
        """

    @Test(arguments: 0..<12)
    func smallRandomInstancesReachTheExactOptimum(seed: Int) {
        let n = 5 + seed % 6  // 5…10 places
        let points = randomPoints(n, seed: UInt64(seed) + 100)
        let instance = TSPLIBInstance(name: "random\(seed)", edgeWeightType: .euclidean2D, coordinates: points)
        let optimum = heldKarpOptimum(n) { Double(instance.weight($0, $1)) }
        let result = TourSolver(seed: UInt64(seed)).solve(instance.costMatrix(), limit: SearchLimit(iterations: 200))
        #expect(isPermutation(result.order, of: n))
        #expect(Double(instance.tourLength(result.order)) == optimum)
        #expect(Double(instance.tourLength(result.order)) == result.length)
    }

    @Test func burmaPrefixMatchesExhaustiveSearchAndTheWholeMatchesItsOptimum() throws {
        let burma = try TSPLIBInstance(text: Self.burma14)
        for n in [8, 10, 12] {
            let prefix = TSPLIBInstance(name: "burma\(n)", edgeWeightType: .geographical, coordinates: Array(burma.coordinates.prefix(n)))
            let optimum = heldKarpOptimum(n) { Double(prefix.weight($0, $1)) }
            let result = TourSolver(seed: 3).solve(prefix.costMatrix(), limit: SearchLimit(iterations: 300))
            #expect(Double(prefix.tourLength(result.order)) == optimum, "burma14 first \(n) nodes")
        }
        let result = TourSolver(seed: 1).solve(burma.costMatrix(), limit: SearchLimit(iterations: 500))
        #expect(burma.tourLength(result.order) == 3323)
    }

    @Test func sameSeedAndIterationsGiveTheSameTour() {
        let points = randomPoints(300, seed: 9)
        let instance = TSPLIBInstance(name: "r300", edgeWeightType: .euclidean2D, coordinates: points)
        let costs = instance.costMatrix()
        let first = TourSolver(seed: 42).solve(costs, limit: SearchLimit(iterations: 2000))
        let second = TourSolver(seed: 42).solve(costs, limit: SearchLimit(iterations: 2000))
        #expect(first.order == second.order)
        #expect(isPermutation(first.order, of: 300))
        #expect(Double(instance.tourLength(first.order)) == first.length)
    }

    /// Kicks only ever keep a tour that is no longer: more iterations never give a longer tour,
    /// and the search improves on the first local optimum.
    @Test func iteratingImprovesOnTheLocalOptimum() {
        let instance = TSPLIBInstance(name: "r400", edgeWeightType: .euclidean2D, coordinates: randomPoints(400, seed: 5))
        let costs = instance.costMatrix()
        let local = TourSolver(seed: 1).solve(costs, limit: .localOptimumOnly)
        let short = TourSolver(seed: 1).solve(costs, limit: SearchLimit(iterations: 500))
        let long = TourSolver(seed: 1).solve(costs, limit: SearchLimit(iterations: 5000))
        #expect(short.length <= local.length && long.length <= short.length)
        #expect(long.length < local.length)
        #expect(Double(instance.tourLength(long.order)) == long.length)
    }

    /// Every TSPLIB instance up to 200 nodes within 0.2 % of its optimum (iteration-limited, so
    /// the outcome does not depend on the machine's speed).
    /// One test case per instance file so that they run in parallel.
    static let tsplibFiles: [String] = {
        let directory = RealData.root.appendingPathComponent(RealData.tsplib).path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".tsp") }.sorted().map { directory + "/" + $0 }
    }()

    /// The instances of up to 200 nodes by their DIMENSION line (a file without one is kept, and
    /// fails below).
    static let smallTSPLIBFiles: [String] = tsplibFiles.filter { path in
        let header = ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).prefix(12)
        let dimension = header.first { $0.hasPrefix("DIMENSION") }.flatMap { Int($0.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") }
        return dimension.map { $0 <= 200 } ?? true
    }

    @Test(.requires(.realData(RealData.tsplib)))
    func realDataInstancesArePresent() {
        #expect(Self.tsplibFiles.count >= 20)
        #expect(Self.smallTSPLIBFiles.count >= 10)
    }

    @Test(.requires(.realData(RealData.tsplib)), arguments: smallTSPLIBFiles)
    func smallTSPLIBInstancesWithinTwoTenthsOfAPercent(path: String) throws {
        let optima = try RealData.tsplibOptima()
        do {
            let instance = try TSPLIBInstance(contentsOfFile: path)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            try #require(instance.dimension <= 200, "\(name): \(instance.dimension) nodes, but its header was read as at most 200")
            let optimum = try #require(optima[name], "\(name) has no optimum")
            let result = TourSolver(seed: 1).solve(instance.costMatrix(), coordinates: instance.coordinates, limit: SearchLimit(iterations: 10_000))
            let length = instance.tourLength(result.order)
            #expect(isPermutation(result.order, of: instance.dimension), "\(name)")
            #expect(Double(length) == result.length, "\(name)")
            #expect(length >= optimum, "\(name): shorter than the optimum, a weight is wrong")
            #expect(Double(length) <= Double(optimum) * 1.002, "\(name): \(length) against \(optimum)")
        }
    }
}
