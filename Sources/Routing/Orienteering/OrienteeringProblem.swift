/// A prize-collecting plan for several teams (the team orienteering problem with a shift):
/// `teams` teams leave the depot, each visits some stops and is back within `shiftSeconds`;
/// the plan maximises the total prize of the stops visited, then minimises the distance driven.
///
/// Place 0 of `costs` is the depot and places 1…m are the stops, so any travel model (straight
/// lines times a detour factor, road shortest paths) plugs in by filling the matrix.
public struct OrienteeringProblem: Sendable {
    /// Metres between places; place 0 is the depot.
    public let costs: CostMatrix
    /// The prize of each place; `prizes[0]` (the depot) is ignored. Stops with no prize are
    /// never visited.
    public let prizes: [Double]
    public let teams: Int
    /// Time from leaving the depot to being back, in seconds.
    public let shiftSeconds: Double
    public let metresPerSecond: Double
    /// Time spent at each stop, in seconds.
    public let serviceSeconds: Double

    public var stopCount: Int { costs.count - 1 }

    public init(costs: CostMatrix, prizes: [Double], teams: Int, shiftSeconds: Double, metresPerSecond: Double, serviceSeconds: Double) {
        precondition(prizes.count == costs.count, "one prize per place, the depot's included")
        self.costs = costs
        self.prizes = prizes
        self.teams = teams
        self.shiftSeconds = shiftSeconds
        self.metresPerSecond = metresPerSecond
        self.serviceSeconds = serviceSeconds
    }

    /// Seconds for a route of `stops` stops that drives `metres`.
    @inline(__always)
    public func duration(metres: Double, stops: Int) -> Double {
        metres / metresPerSecond + Double(stops) * serviceSeconds
    }

    /// True when a route of `stops` stops driving `metres` is back within the shift
    /// (to a millisecond, so that sums in another order still agree).
    @inline(__always)
    public func fitsShift(metres: Double, stops: Int) -> Bool {
        duration(metres: metres, stops: stops) <= shiftSeconds + 1e-3
    }

    /// Stops that no team can visit even alone (there and back plus the service exceed the
    /// shift): the planner reports them instead of silently leaving them out.
    public var stopsOutOfReach: [Int] {
        (1..<max(1, costs.count)).filter { !fitsShift(metres: costs[0, $0] + costs[$0, 0], stops: 1) }
    }

    /// Route length from the depot through `stops` and back.
    public func routeMetres(_ stops: [Int]) -> Double {
        var total = 0.0
        var previous = 0
        for stop in stops {
            total += costs[previous, stop]
            previous = stop
        }
        return total + costs[previous, 0]
    }
}
