import DeterministicRandom
import Foundation
import Routing
import Testing
import TestSupport

extension RealData {
    /// TSPLIB's instances, tours and optima.
    static let tsplib = "routing/tsplib"

    /// Instance name → optimal tour length, from optimal_values.csv.
    static func tsplibOptima() throws -> [String: Int] {
        let path = try require(tsplib + "/optimal_values.csv")
        var optima: [String: Int] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",")
            if fields.count == 2, let value = Int(fields[1].trimmingCharacters(in: .whitespaces)) { optima[String(fields[0])] = value }
        }
        return optima
    }
}

/// The optimal cycle length by Held–Karp dynamic programming: an algorithm independent of the
/// solver's, exact for the ≤ 12 places the tests give it. Directed: every cost is read from the
/// place left to the place reached, so asymmetric costs (one-way roads) get their own optimum.
func heldKarpOptimum(_ n: Int, _ cost: (Int, Int) -> Double) -> Double {
    precondition(n >= 2 && n <= 12)
    let full = 1 << (n - 1)
    var best = [Double](repeating: .infinity, count: full * (n - 1))
    for j in 0..<(n - 1) { best[(1 << j) * (n - 1) + j] = cost(0, j + 1) }
    for subset in 1..<full {
        for last in 0..<(n - 1) where subset & (1 << last) != 0 {
            let here = best[subset * (n - 1) + last]
            guard here.isFinite else { continue }
            for next in 0..<(n - 1) where subset & (1 << next) == 0 {
                let extended = subset | (1 << next)
                let candidate = here + cost(last + 1, next + 1)
                if candidate < best[extended * (n - 1) + next] { best[extended * (n - 1) + next] = candidate }
            }
        }
    }
    return (0..<(n - 1)).map { best[(full - 1) * (n - 1) + $0] + cost($0 + 1, 0) }.min()!
}

/// Random points in a square, reproducible from the seed.
func randomPoints(_ count: Int, seed: UInt64, side: Double = 10_000) -> [(x: Double, y: Double)] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in (random.unit() * side, random.unit() * side) }
}

/// True when `order` visits each of 0..<n exactly once.
func isPermutation(_ order: [Int], of n: Int) -> Bool { order.count == n && Set(order) == Set(0..<n) }
