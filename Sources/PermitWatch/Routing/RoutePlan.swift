import GeoKit

/// A planned inspection day: each team's itinerary, what was left out and why, and totals.
public struct RoutePlan: Sendable {
    public struct Visit: Sendable {
        public var stop: RouteStop
        /// Seconds after the teams leave the depot.
        public var arrivalSeconds: Double
        public var departureSeconds: Double
        /// Metres of the leg that ends here, and from the depot up to here.
        public var legMetres: Double
        public var cumulativeMetres: Double
    }

    public struct Team: Sendable {
        /// 1-based.
        public var number: Int
        public var visits: [Visit]
        public var returnLegMetres: Double
        public var returnSeconds: Double
        public var metres: Double
        public var prize: Double
        /// The path driven, depot to depot (along the roads when a network is used), WGS-84.
        public var path: [Coordinate]
    }

    public var depotName: String
    public var depot: Coordinate
    public var teams: [Team]
    /// Candidates that fit nowhere in the shifts (reachable, but less worth it than those chosen).
    public var unvisited: [RouteStop]
    /// Candidates no team can reach and come back from within a shift, even visiting nothing else.
    public var outOfReach: [RouteStop]
    /// Candidates the road network does not connect with the depot (both ways).
    public var unreachableByRoad: [RouteStop]
    public var candidates: Int
    public var request: RoutePlanRequest
    /// How travel was measured, for the report.
    public var travel: String
    public var iterations: Int
    public var solveSeconds: Double
    /// The stored plan's id, served at `/collections/routes/items?plan_id=N`; nil when not stored.
    public var planID: Int64?

    /// Which limit ended the search, for the summary: a plan stopped by the clock depends on
    /// the machine's speed, one stopped by its iterations on the seed only.
    public var stoppedBy: String {
        let limit = request.searchLimit
        if let cap = limit.iterations, iterations >= cap { return "its \(cap) iterations" }
        if let seconds = limit.seconds, solveSeconds >= seconds * 0.9 {
            return "its " + ParameterError.text(seconds) + " s time limit"
        }
        return "having nothing left to try"
    }

    public var prize: Double { teams.reduce(0) { $0 + $1.prize } }
    public var metres: Double { teams.reduce(0) { $0 + $1.metres } }
}
