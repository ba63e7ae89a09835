import GeoKit

/// A route plan as stored: what was asked, and each team's path with its stops in order.
public struct RoutePlanRecord: Sendable {
    public struct Team: Sendable {
        /// 1-based.
        public var number: Int
        /// Source ids in visiting order.
        public var stopIDs: [String]
        public var prize: Double
        public var metres: Double
        /// Depot to depot, service included.
        public var seconds: Double
        /// The path driven, depot to depot (along the roads when a network was used), WGS-84.
        public var path: [Coordinate]

        public init(number: Int, stopIDs: [String], prize: Double, metres: Double, seconds: Double, path: [Coordinate]) {
            self.number = number
            self.stopIDs = stopIDs
            self.prize = prize
            self.metres = metres
            self.seconds = seconds
            self.path = path
        }
    }

    /// The request, as JSON.
    public var parameters: String
    public var depot: String
    public var teams: [Team]
    /// Candidates no team visits.
    public var unvisited: Int

    public init(parameters: String, depot: String, teams: [Team], unvisited: Int) {
        self.parameters = parameters
        self.depot = depot
        self.teams = teams
        self.unvisited = unvisited
    }
}
