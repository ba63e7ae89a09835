import GeoKit
import Routing
import Store

/// `permitwatch ingest roads`: stores a road network (LineStrings of GeoJSON, a Shapefile or a
/// GeoPackage, see `RoadNetworkFile`) that route planning then follows instead of straight lines.
public struct RoadIngest: Sendable {
    let database: any FieldNetwork

    public init(database: any FieldNetwork) { self.database = database }

    /// Returns the roads stored and the network's node count and weak components (a network
    /// in many pieces makes stops unreachable, so it is reported at once).
    ///
    /// - Parameters:
    ///   - crs: the user's `--crs`, overriding the file's own system; nil: the file's.
    ///   - layer: the layer of a file with several (`--layer`).
    ///   - encoding: the text encoding of a `.dbf` without `.cpg` (`--encoding`).
    public func run(
        file path: String, crs: CoordinateSystem? = nil, layer: String? = nil, encoding: String? = nil
    ) throws -> (roads: Int, nodes: Int, components: Int) {
        let network = try RoadNetworkFile.read(path, crs: crs, layer: layer, encoding: encoding)
        let segments = network.segments
        let records = segments.map { segment in
            RoadRecord(
                coordinates: segment.coordinates.map { Coordinate($0.lon, $0.lat) },
                direction: segment.direction == .forward ? .forward : segment.direction == .backward ? .backward : .both,
                metresPerSecond: segment.metresPerSecond)
        }
        let graph = RoadGraph(segments: segments)
        try database.replaceRoads(records, log: IngestLogEntry(kind: "roads", file: path, crs: network.crs, rows: records.count, warnings: 0))
        return (records.count, graph.nodeCount, graph.weakComponents().count)
    }

    /// The stored network as road segments, or nil when none is stored.
    static func storedSegments(in store: any FieldNetwork) throws -> [RoadSegment]? {
        let roads = try store.fetchRoads()
        guard !roads.isEmpty else { return nil }
        return roads.map { road in
            RoadSegment(
                coordinates: road.coordinates.map { ($0.x, $0.y) },
                direction: road.direction == .forward ? .forward : road.direction == .backward ? .backward : .both,
                metresPerSecond: road.metresPerSecond)
        }
    }
}
