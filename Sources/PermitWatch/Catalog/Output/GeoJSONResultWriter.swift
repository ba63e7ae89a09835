import GeoKit
import Store

/// An RFC 7946 FeatureCollection: one Feature per row, the geometry column as its geometry
/// (WGS-84, lon/lat, 6 decimals, counter-clockwise exteriors), the other columns as properties.
public final class GeoJSONResultWriter: QueryResultWriter {
    private let sink: ByteSink
    private var columns: [String] = []
    private var geometryColumn: Int?
    private var writer = GeoJSONWriter(coordinateDecimals: 6)

    public init(sink: ByteSink) { self.sink = sink }

    public var needsGeometry: Bool { true }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        self.columns = columns
        self.geometryColumn = geometryColumn
        writer.beginFeatureCollection()
        sink.write(writer.takeBytes())
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        var properties: [(String, JSONValue)] = []
        properties.reserveCapacity(values.count)
        for (i, value) in values.enumerated() where i != geometryColumn { properties.append((columns[i], value.json)) }
        writer.writeFeature(id: nil, properties: JSONObject(properties), geometry: geometry)
        sink.write(writer.takeBytes())
    }

    public func end() throws {
        writer.endFeatureCollection()
        sink.write(writer.takeBytes())
        sink.write("\n")
        sink.flush()
    }
}
