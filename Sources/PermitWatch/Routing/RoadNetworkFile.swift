import Foundation
import GeoKit
import Routing

/// Reads a road network from LineStrings (and MultiLineStrings) of GeoJSON or any vector file
/// GDAL reads (Shapefile, GeoPackage with `layer`, …): coordinates in the file's own system or
/// the declared one, converted to WGS-84 by `CoordinateConversion`, the one path every ingest
/// shares (a file in metres with no system known is refused, never stored as degrees); a
/// direction from a `oneway` property (OSM style: `yes`, `true`, `1` forward, `-1` backward) or
/// a `Direction` property (`One Way Forward`, `One Way Backward`, as the Hong Kong pedestrian
/// network has), and a speed from `speed_kmh` or `maxspeed` (km/h) or `max_speed` (m/s, as MOSS
/// networks have). Roads meet where they share a vertex.
public enum RoadNetworkFile {
    /// The network's segments in WGS-84 and the system they were converted from (as the
    /// ingest log records it).
    public struct Network: Sendable {
        /// The roads, one segment per LineString (or part of a MultiLineString).
        public var segments: [RoadSegment]
        /// `epsg:3857 (file)`, `gcj02`, `wgs84`: what the coordinates were converted from.
        public var crs: String
    }

    /// - Parameters:
    ///   - crs: the user's `--crs`, overriding the file's own system; nil: the file's.
    ///   - layer: the layer of a file with several.
    ///   - encoding: the text encoding of a `.dbf` without `.cpg`.
    public static func read(_ path: String, crs: CoordinateSystem? = nil, layer: String? = nil, encoding: String? = nil) throws -> Network {
        let input = try FeatureInput.read(path, options: .init(crs: crs, layer: layer, encoding: encoding))
        var segments: [RoadSegment] = []
        var problems = ProblemList()
        for feature in input.features {
            let lines: [[Coordinate]]
            switch feature.geometry {
            case .lineString(let line): lines = [line]
            case .multiLineString(let parts): lines = parts
            default: continue  // junction points and other layers carry no roads
            }
            let direction = direction(of: feature.properties)
            let speed = metresPerSecond(of: feature.properties)
            for line in lines where line.count >= 2 {
                guard case .lineString(let converted)? = input.conversion.toWGS84(.lineString(line)) else {
                    problems.append(input.problem(
                        path, feature: feature.index, field: "geometry",
                        "its coordinates cannot be converted from \(input.conversion.description) to WGS-84; expected coordinates in that system"))
                    continue
                }
                if let message = input.conversion.rangeProblem(BoundingBox(covering: converted)) {
                    problems.append(input.problem(path, feature: feature.index, field: "geometry", message))
                    continue
                }
                segments.append(RoadSegment(coordinates: converted.map { ($0.x, $0.y) }, direction: direction, metresPerSecond: speed))
            }
        }
        try problems.throwIfAny()
        guard !segments.isEmpty else {
            throw RejectedInput(problem: input.problem(
                path, feature: nil, field: nil, "no LineString features (read by \(input.reader)): expected the roads as LineStrings or MultiLineStrings"))
        }
        return Network(segments: segments, crs: input.conversion.description)
    }

    static func direction(of properties: JSONObject) -> RoadSegment.Direction {
        if let value = properties.value(forKeyIgnoringCase: "oneway") ?? properties.value(forKeyIgnoringCase: "one_way") {
            switch value {
            case .bool(true): return .forward
            case .number(let n): return n > 0 ? .forward : n < 0 ? .backward : .both
            case .string(let text):
                switch text.lowercased() {
                case "yes", "true", "1", "forward", "f", "ft": return .forward
                case "-1", "backward", "reverse", "b", "tf": return .backward
                default: return .both
                }
            default: return .both
            }
        }
        if case .string(let text) = properties.value(forKeyIgnoringCase: "direction") {
            let lower = text.lowercased()
            if lower.contains("forward") { return .forward }
            if lower.contains("backward") { return .backward }
        }
        return .both
    }

    static func metresPerSecond(of properties: JSONObject) -> Double? {
        func number(_ key: String) -> Double? {
            switch properties.value(forKeyIgnoringCase: key) {
            case .number(let n): return n > 0 ? n : nil
            case .string(let s): return Double(s).flatMap { $0 > 0 ? $0 : nil }
            default: return nil
            }
        }
        if let kmh = number("speed_kmh") ?? number("maxspeed") { return kmh / 3.6 }
        return number("max_speed")
    }
}
