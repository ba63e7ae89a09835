import Foundation
import GeoKit
import Routing

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
    /// A time limit on the search; nil: `defaultSeconds` without `iterations`, none with them.
    public var seconds: Double?
    /// An iteration cap: without `seconds`, exactly this many iterations run, so the plan
    /// depends only on the seed, not on the machine's speed.
    public var iterations: Int?
    /// The search's time limit when neither `seconds` nor `iterations` is given.
    public static let defaultSeconds = 5.0

    /// The limits the search runs under: a time limit only when asked for (or when nothing is).
    public var searchLimit: SearchLimit {
        SearchLimit(seconds: seconds ?? (iterations == nil ? Self.defaultSeconds : nil), iterations: iterations)
    }
    public var seed: UInt64 = 1
    /// Clock time the teams leave, minutes after midnight (for the printed times).
    public var startMinutes = 8 * 60 + 30
    /// The day rectification deadlines are judged on; default the latest event.
    public var asOf: String?
    /// A road network (LineStrings of GeoJSON, a Shapefile, a GeoPackage) to route on instead of
    /// straight lines.
    public var roadsFile: String?
    /// The system of a depot given as a point, of the stops (a file, or a list over HTTP) and of
    /// a roads file (`--crs`, `crs`); nil: WGS-84 degrees (a roads file's own system when it
    /// declares one). Converted by the same `CoordinateConversion` as every ingest.
    public var crs: CoordinateSystem?
    /// Ignore the stored road network (`permitwatch ingest roads`) and use straight lines.
    public var straightLines = false

    public init() {}

    /// Rejects impossible parameters, naming the parameter: the one check both front ends use.
    public func validate() throws {
        func number(_ value: Double) -> String { ParameterError.text(value) }
        guard teams >= 1 else { throw ParameterError("teams", String(teams), "expected at least 1 team: there is nobody to send") }
        guard shiftHours >= 0, shiftHours.isFinite, shiftHours <= 24 else {
            throw ParameterError("shift_hours", number(shiftHours), "expected hours between 0 and 24")
        }
        guard shiftHours > 0 || teams == 1 else {
            throw ParameterError("shift_hours", "0", "a shift of 0 (no limit) needs exactly one team")
        }
        guard speedKmh > 0, speedKmh.isFinite else { throw ParameterError("speed_kmh", number(speedKmh), "expected a positive speed in km/h") }
        guard serviceMinutes >= 0, serviceMinutes.isFinite else {
            throw ParameterError("service_minutes", number(serviceMinutes), "expected 0 or more minutes")
        }
        guard detour >= 1, detour.isFinite else { throw ParameterError("detour", number(detour), "expected at least 1 (straight lines)") }
        guard limit >= 1 else { throw ParameterError("limit", String(limit), "expected at least 1 stop") }
        if let seconds, !(seconds > 0 && seconds.isFinite) {
            throw ParameterError("seconds", number(seconds), "expected a positive number of seconds")
        }
        if let iterations, iterations < 0 { throw ParameterError("iterations", String(iterations), "expected 0 or more iterations") }
        guard (0..<24 * 60).contains(startMinutes) else { throw ParameterError("start", String(startMinutes), "expected a clock time HH:MM") }
        if case .point(let lon, let lat) = depot, !(lon.isFinite && lat.isFinite) || (crs == nil && !((-180...180).contains(lon) && (-90...90).contains(lat))) {
            throw ParameterError("depot", "\(number(lon)),\(number(lat))", "expected LON,LAT in degrees")
        }
        if case .list(let list) = stops {
            for stop in list {
                // In another system the stops are checked once converted (`RouteCandidates`).
                guard stop.location.x.isFinite, stop.location.y.isFinite,
                    crs != nil || ((-180...180).contains(stop.location.x) && (-90...90).contains(stop.location.y))
                else {
                    throw ParameterError("stops", stop.id, "expected lon and lat in degrees")
                }
                guard stop.priority > 0, stop.priority.isFinite else { throw ParameterError("stops", stop.id, "expected a positive priority") }
            }
        }
    }
}

extension RoutePlanRequest.Stops {
    /// The candidates from the one selection the user made (at most one of an area, a cluster,
    /// a stops file, inline stops or a catalog query; none: the suspects of every area).
    ///
    /// - Throws: `ParameterError` when more than one is given.
    public static func choosing(
        area: String?, cluster: Int?, file: String?, list: [RouteStop]?, query: (name: String, parameters: [String: String], directories: [URL])?
    ) throws -> Self {
        let given = [area != nil, cluster != nil, file != nil, list != nil, query != nil].filter { $0 }.count
        guard given <= 1 else {
            throw ParameterError("stops", nil, "give at most one of area, cluster, stops and query")
        }
        if let file { return .file(file) }
        if let list { return .list(list) }
        if let cluster { return .cluster(cluster) }
        if let query { return .query(name: query.name, parameters: query.parameters, directories: query.directories) }
        return .suspects(area: area)
    }
}

extension RoutePlanRequest.Depot {
    /// `LON,LAT` in degrees, or a stored depot's code; nil text: the depot nearest the stops.
    public init(parsing text: String?) {
        guard let text else {
            self = .nearest
            return
        }
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 2, let lon = parts[0], let lat = parts[1] {
            self = .point(lon: lon, lat: lat)
        } else {
            self = .code(text)
        }
    }
}
