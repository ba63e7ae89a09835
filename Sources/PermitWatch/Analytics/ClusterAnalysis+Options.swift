import Enforcement
import GeoKit

extension ClusterAnalysis {
    /// What to cluster and how: the one parser of the user's text for both front ends (flags
    /// on the command line, a query string over HTTP) and the one place the values are checked.
    public struct Options: Sendable, Equatable {
        public var statuses: [SourceStatus] = [.unlicensed]
        public var area: String?
        public var eps = 300.0
        public var minPoints = 5
        /// Also compute a concave hull per cluster (GEOS, ratio `concaveRatio`).
        public var concaveHull = false
        public var concaveRatio = 0.3
        /// The day deadlines are judged on; default: the latest event in the store.
        public var asOf: String?

        public init() {}

        /// The options as the user wrote them; nil keeps the default.
        ///
        /// - Throws: `ParameterError` naming the parameter and what was expected.
        public init(statuses: String?, area: String?, eps: Double?, minPoints: Int?, concaveHull: Bool, asOf: String?) throws {
            if let statuses { self.statuses = try StatusList.parse(statuses, parameter: "status") }
            self.area = area
            self.eps = eps ?? self.eps
            self.minPoints = minPoints ?? self.minPoints
            self.concaveHull = concaveHull
            if let asOf { self.asOf = try DateText.day(asOf, parameter: "as_of") }
            try validate()
        }

        /// The neighbourhood radii accepted, in metres.
        public static let epsRange = 0.01...100_000.0

        /// Checks values set in code as the parser checks the user's.
        public func validate() throws {
            // A radius below a centimetre or beyond 100 km selects nothing useful, and divides the
            // plane into more cells than an integer counts (a crash, found by fuzzing the API).
            guard eps >= Self.epsRange.lowerBound, eps <= Self.epsRange.upperBound else {
                throw ParameterError("eps", number: eps, "expected metres from 0.01 to 100000")
            }
            guard minPoints >= 1 else { throw ParameterError("min_points", String(minPoints), "expected a whole number from 1") }
            guard !statuses.isEmpty else { throw ParameterError("status", "", StatusList.expected) }
        }

        var json: String {
            var writer = GeoJSONWriter()
            writer.writeJSON(.object(JSONObject([
                ("statuses", .array(statuses.map { .string($0.rawValue) })), ("area", area.map { .string($0) } ?? .null),
                ("eps", .number(eps)), ("min_points", .number(Double(minPoints))), ("concave_hull", .bool(concaveHull)),
                ("as_of", asOf.map { .string($0) } ?? .null),
            ])))
            return writer.text
        }
    }
}
