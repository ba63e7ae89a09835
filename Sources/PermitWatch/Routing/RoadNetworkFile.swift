import Foundation
import GeoKit
import Routing

/// Reads a road network from GeoJSON LineStrings (and MultiLineStrings): coordinates in the
/// declared CRS (converted to WGS-84), a direction from a `oneway` property (OSM style: `yes`,
/// `true`, `1` forward, `-1` backward) or a `Direction` property (`One Way Forward`, `One Way
/// Backward`, as the Hong Kong pedestrian network has), and a speed from `speed_kmh` or
/// `maxspeed` (km/h) or `max_speed` (m/s, as MOSS networks have). Roads meet where they share
/// a vertex.
public enum RoadNetworkFile {
    public static func read(_ path: String, crs: CoordinateSystem = .wgs84) throws -> [RoadSegment] {
        let bytes = try FileInput.read(path)
        let features: [GeoJSONFeature]
        do {
            features = try GeoJSONReader().read(bytes)
        } catch {
            throw RejectedInput(problem: InputError(file: path, line: nil, field: nil, message: "\(error)"))
        }
        var segments: [RoadSegment] = []
        for feature in features {
            let lines: [[Coordinate]]
            switch feature.geometry {
            case .lineString(let line): lines = [line]
            case .multiLineString(let parts): lines = parts
            default: continue  // junction points and other layers carry no roads
            }
            let direction = direction(of: feature.properties)
            let speed = metresPerSecond(of: feature.properties)
            for line in lines where line.count >= 2 {
                let converted = line.map { crs.toWGS84($0) }
                segments.append(RoadSegment(coordinates: converted.map { ($0.x, $0.y) }, direction: direction, metresPerSecond: speed))
            }
        }
        guard !segments.isEmpty else {
            throw RejectedInput(problem: InputError(file: path, line: nil, field: nil, message: "no LineString features: expected the roads as GeoJSON LineStrings"))
        }
        return segments
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
