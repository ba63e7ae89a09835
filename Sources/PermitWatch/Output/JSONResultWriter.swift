import FileWriting
import GeoKit
import Store

/// A JSON array of objects, one per row; the geometry column becomes a GeoJSON geometry object.
public final class JSONResultWriter: QueryResultWriter {
    private let sink: ByteSink
    private var columns: [String] = []
    private var geometryColumn: Int?
    private var count = 0
    private var jsonColumns: Set<Int> = []

    public init(sink: ByteSink) { self.sink = sink }

    public var wantsGeometry: Bool { true }
    public var writesJSON: Bool { true }
    public func takeJSON(inColumns columns: Set<Int>) { jsonColumns = columns }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        self.columns = columns
        self.geometryColumn = geometryColumn
        try sink.write("[")
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        var out = GeoJSONWriter()
        out.writeRaw(count == 0 ? "\n{" : ",\n{")
        for (i, value) in values.enumerated() {
            if i > 0 { out.writeRaw(",") }
            out.writeString(columns[i])
            out.writeRaw(":")
            if i == geometryColumn {
                if let geometry { out.writeGeometry(geometry) } else { out.writeRaw("null") }
            } else if jsonColumns.contains(i), case .text(let json) = value {
                out.writeRaw(Array(json.utf8))
            } else {
                out.writeJSON(value.json)
            }
        }
        out.writeRaw("}")
        try sink.write(out.bytes)
        count += 1
    }

    public func end() throws {
        try sink.write(count == 0 ? "]\n" : "\n]\n")
        try sink.flush()
    }
}
