import Foundation

/// When an anytime search must stop: a wall-clock budget, an iteration budget, or both.
///
/// A time limit alone makes the result depend on the machine's speed; an iteration limit makes
/// it reproducible. Both together stop at whichever comes first.
public struct SearchLimit: Sendable {
    /// Wall-clock seconds, or nil for no time limit.
    public var seconds: Double?
    /// Iterations of the outer search (kicks or perturbations), or nil for no iteration limit.
    public var iterations: Int?

    public init(seconds: Double? = nil, iterations: Int? = nil) {
        self.seconds = seconds
        self.iterations = iterations
    }

    /// A limit that stops at once after the first local optimum.
    public static let localOptimumOnly = SearchLimit(seconds: nil, iterations: 0)
}
