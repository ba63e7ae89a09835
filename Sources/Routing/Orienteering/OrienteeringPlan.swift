/// A solution of an `OrienteeringProblem`: each team's stops in visiting order.
public struct OrienteeringPlan: Sendable, Equatable {
    /// Per team, the places visited (1…m), depot excluded at both ends.
    public var routes: [[Int]]
    /// The sum of the prizes visited.
    public var prize: Double
    /// Metres driven by all teams.
    public var metres: Double

    public init(routes: [[Int]], prize: Double, metres: Double) {
        self.routes = routes
        self.prize = prize
        self.metres = metres
    }

    /// More prize, or as much prize with less distance (tolerances absorb summation order).
    public func isBetter(than other: OrienteeringPlan) -> Bool {
        if prize > other.prize + 1e-9 { return true }
        if prize < other.prize - 1e-9 { return false }
        return metres < other.metres - 1e-6
    }
}
