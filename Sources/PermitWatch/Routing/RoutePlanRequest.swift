import Foundation
/// What `permitwatch route plan` and `POST /analytics/routes` ask for.
public struct RoutePlanRequest: Sendable, Equatable {
    /// Which stops are candidates.
    public enum Stops: Sendable, Equatable {
        /// Suspect sources (by the default priority rule) of every area, or of one area of any level.
        case suspects(area: String?)
        /// The unlicensed members of one cluster of the latest stored clusters run.
        case cluster(Int)
        /// A stops file: `source_id,lon,lat,priority` (WGS-84).
        case file(String)
        /// Stops given inline (the HTTP API's `stops` array).
        case list([RouteStop])
        /// The sources a catalog query returns (its `source_id` column), from the shipped
        /// catalog and `directories`: suspects keep their default priority, others count 1.
        case query(name: String, parameters: [String: String], directories: [URL])
    }

    /// Where the teams start and end.
    public enum Depot: Sendable, Equatable {
        /// The stored depot nearest to the candidates' centre.
        case nearest
        case code(String)
        case point(lon: Double, lat: Double)
    }

    public var stops: Stops = .suspects(area: nil)
    public var depot: Depot = .nearest
    public var teams = 4
    /// Shift length; 0 with one team means no limit (a plain travelling-salesman tour of every stop).
    public var shiftHours = 8.0
    public var speedKmh = 30.0
    public var serviceMinutes = 30.0
    /// Straight-line metres are multiplied by this to estimate road metres (1.0: straight lines).
    public var detour = 1.0
    /// At most this many candidates, highest priority first (ties by id).
    public var limit = 1000
    public var seconds = 5.0
    /// An iteration cap: with one, the plan depends only on the seed, not on the machine's speed.
    public var iterations: Int?
    public var seed: UInt64 = 1
    /// Clock time the teams leave, minutes after midnight (for the printed times).
    public var startMinutes = 8 * 60 + 30
    /// The day rectification deadlines are judged on; default the latest event.
    public var asOf: String?
    /// A road network (GeoJSON LineStrings) to route on instead of straight lines.
    public var roadsFile: String?
    /// Ignore the stored road network (`permitwatch ingest roads`) and use straight lines.
    public var straightLines = false

    public init() {}

    /// Rejects impossible parameters with a message naming the parameter.
    public func validate() throws {
        func fail(_ name: String, _ message: String) -> AnalyticsError { .parameter(name, message) }
        guard teams >= 1 else { throw fail("teams", "teams must be at least 1, got \(teams): there is nobody to send") }
        guard shiftHours >= 0, shiftHours.isFinite, shiftHours <= 24 else { throw fail("shift_hours", "shift-hours must be between 0 and 24, got \(shiftHours)") }
        guard shiftHours > 0 || teams == 1 else { throw fail("shift_hours", "shift-hours 0 (no limit) needs exactly one team") }
        guard speedKmh > 0, speedKmh.isFinite else { throw fail("speed_kmh", "speed-kmh must be positive, got \(speedKmh)") }
        guard serviceMinutes >= 0, serviceMinutes.isFinite else { throw fail("service_minutes", "service-minutes must be 0 or more, got \(serviceMinutes)") }
        guard detour >= 1, detour.isFinite else { throw fail("detour", "detour must be at least 1 (straight lines), got \(detour)") }
        guard limit >= 1 else { throw fail("limit", "limit must be at least 1, got \(limit)") }
        guard seconds > 0, seconds.isFinite else { throw fail("seconds", "seconds must be positive, got \(seconds)") }
        if let iterations, iterations < 0 { throw fail("iterations", "iterations must be 0 or more, got \(iterations)") }
    }
}
