import Foundation
import Routing

/// `permitwatch route tsplib`: the tour heuristic on a TSPLIB instance, so that it can be
/// compared with published optima.
public enum TSPLIBSolve {
    public struct Result: Sendable {
        public var name: String
        public var dimension: Int
        /// The tour's length by TSPLIB's own edge-weight function.
        public var length: Int
        /// 0-based nodes in visiting order.
        public var order: [Int]
        /// Wall time, reading the file included.
        public var seconds: Double
        public var iterations: Int
        public var accepted: Int
    }

    /// Checks the search limits the user gave.
    ///
    /// - Throws: `ParameterError` naming `seconds` or `iterations`.
    public static func check(seconds: Double, iterations: Int?) throws {
        guard seconds > 0, seconds.isFinite else { throw ParameterError("seconds", number: seconds, "expected a positive number of seconds") }
        if let iterations, iterations < 0 { throw ParameterError("iterations", String(iterations), "expected 0 or more iterations") }
    }

    /// Reads the instance and searches for `seconds` in all (reading included), or until
    /// `iterations` kicks when that comes first.
    public static func run(file: String, seconds: Double, iterations: Int?, seed: UInt64) throws -> Result {
        try check(seconds: seconds, iterations: iterations)
        let start = Date()
        let instance: TSPLIBInstance
        do {
            instance = try TSPLIBInstance(contentsOfFile: file)
        } catch let error as TSPLIBError {
            throw Refusal(error.description)
        }
        let costs = instance.costMatrix()
        let remaining = max(0.01, seconds - Date().timeIntervalSince(start))
        let result = TourSolver(seed: seed).solve(
            costs, coordinates: instance.coordinates, limit: SearchLimit(seconds: remaining, iterations: iterations))
        return Result(
            name: instance.name, dimension: instance.dimension, length: instance.tourLength(result.order), order: result.order,
            seconds: Date().timeIntervalSince(start), iterations: result.iterations, accepted: result.accepted)
    }
}
