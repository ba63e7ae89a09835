import Enforcement
import GeoKit

extension HotspotAnalysis {
    public struct Options: Sendable, Equatable {
        public var grid = Grid.square(size: 1000)
        public var value = Value.count(.unlicensed)
        public var neighbours = Neighbours.queen
        public var falseDiscoveryRate = false
        public var area: String?

        public init() {}

        /// The options as the user wrote them (`square:1000`, `count:unlicensed`, `band:2500`):
        /// the one parser both front ends use; nil keeps the default.
        ///
        /// - Throws: `ParameterError` naming the parameter and what was expected.
        public init(grid: String?, value: String?, neighbours: String?, falseDiscoveryRate: Bool, area: String?) throws {
            self.falseDiscoveryRate = falseDiscoveryRate
            self.area = area
            if let grid {
                if grid == "admin" {
                    self.grid = .admin
                } else if grid.hasPrefix("square:"), let size = Double(grid.dropFirst(7)) {
                    self.grid = .square(size: size)
                } else {
                    throw ParameterError("grid", grid, "expected square:METRES (e.g. square:1000) or admin")
                }
            }
            if let value {
                let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, ["count", "rate"].contains(parts[0]), let status = SourceStatus(parsing: parts[1]) else {
                    throw ParameterError("value", value, "expected count:STATUS or rate:STATUS, e.g. count:unlicensed")
                }
                self.value = parts[0] == "count" ? .count(status) : .rate(status)
            }
            if let neighbours {
                if neighbours == "queen" || neighbours == "contiguity" {
                    self.neighbours = .queen
                } else if neighbours.hasPrefix("band:"), let metres = Double(neighbours.dropFirst(5)) {
                    self.neighbours = .band(metres: metres)
                } else {
                    throw ParameterError("neighbours", neighbours, "expected queen or band:METRES (e.g. band:2500)")
                }
            }
            try validate()
        }

        /// Checks values set in code as the parser checks the user's.
        public func validate() throws {
            // As the weekly report's square grid: whole metres up to 1,000 km (a size beyond any
            // integer crashed the server, found by fuzzing the API).
            if case .square(let size) = grid, !(size >= 1 && size <= 1_000_000) {
                throw ParameterError("grid", "square:" + ParameterError.text(size), "expected square:METRES with metres from 1 to 1000000")
            }
            if case .band(let metres) = neighbours, !(metres > 0 && metres <= 1_000_000) {
                throw ParameterError("neighbours", "band:" + ParameterError.text(metres), "expected band:METRES with metres above 0, at most 1000000")
            }
            if grid == .admin, case .band = neighbours {
                throw ParameterError(
                    "neighbours", "band", "administrative grids take their neighbours from shared borders; a distance band is for square grids")
            }
        }

        var json: String {
            var writer = GeoJSONWriter()
            let grid: String = switch self.grid {
            case .square(let size): "square:\(Int(size))"
            case .admin: "admin"
            }
            let value: String = switch self.value {
            case .count(let status): "count:\(status.rawValue)"
            case .rate(let status): "rate:\(status.rawValue)"
            }
            let neighbours: String = switch self.neighbours {
            case .queen: self.grid == .admin ? "contiguity" : "queen"
            case .band(let metres): "band:\(Int(metres))"
            }
            writer.writeJSON(.object(JSONObject([
                ("grid", .string(grid)), ("value", .string(value)), ("neighbours", .string(neighbours)),
                ("fdr", .bool(falseDiscoveryRate)), ("area", area.map { .string($0) } ?? .null),
            ])))
            return writer.text
        }
    }
}
