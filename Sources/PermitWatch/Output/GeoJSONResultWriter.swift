import FileWriting
import GeoKit
import Store

/// An RFC 7946 FeatureCollection: one Feature per row, the geometry column as its geometry
/// (WGS-84, lon/lat, 6 decimals, counter-clockwise exteriors), the other columns as properties.
///
/// Streams: each feature is written into one reused buffer, handed to the sink every 64 KB;
/// property keys are escaped once per column, not once per row.
public final class GeoJSONResultWriter: QueryResultWriter {
    private let sink: ByteSink
    private var geometryColumn = -1
    /// `"key":` for every property column, with the separating comma but for the first,
    /// stored end to end; `keyEnds[i]` is where column i's key ends (equal to the previous
    /// end for the geometry column).
    private var keyBytes: [UInt8] = []
    private var keyEnds: [Int] = []
    private var writer = GeoJSONWriter(coordinateDecimals: 6, reservingCapacity: 1 << 17)
    private var count = 0

    private var jsonColumns: Set<Int> = []

    public init(sink: ByteSink) { self.sink = sink }

    public var needsGeometry: Bool { true }
    public var writesJSON: Bool { true }
    public func takeJSON(inColumns columns: Set<Int>) { jsonColumns = columns }

    public func begin(columns: [String], geometryColumn: Int?) throws {
        self.geometryColumn = geometryColumn ?? -1
        var keys = GeoJSONWriter()
        var first = true
        for (index, name) in columns.enumerated() {
            if index != geometryColumn {
                if !first { keys.writeRaw(",") }
                first = false
                keys.writeString(name)
                keys.writeRaw(":")
            }
            keyEnds.append(keys.bytes.count)
        }
        keyBytes = keys.bytes
        writer.beginFeatureCollection()
    }

    public func row(_ values: [SQLValue], geometry: GeoJSONGeometry?) throws {
        let jsonColumns = jsonColumns
        try feature(columns: values.count) { w, index in
            switch values[index] {
            case .null, .blob: w.writeRaw("null")
            case .integer(let v): w.writeNumber(Double(v))
            case .real(let v): w.writeNumber(v)
            case .text(let v) where jsonColumns.contains(index): w.writeRaw(Array(v.utf8))
            case .text(let v): w.writeString(v)
            }
        } geometry: { w in
            if let geometry { w.writeGeometry(geometry) } else { w.writeRaw("null") }
        }
    }

    /// The same feature, encoded from the database's bytes: no `String` per value, and a
    /// point geometry read straight from its blob.
    public func row(_ row: ResultRow, geometry: () throws -> GeoJSONGeometry?) throws {
        let geometryColumn = geometryColumn
        try feature(columns: row.count) { w, index in
            switch row[index] {
            case .null, .blob: w.writeRaw("null")
            case .integer(let v): w.writeNumber(Double(v))
            case .real(let v): w.writeNumber(v)
            case .text(let bytes): w.writeString(utf8: bytes)
            }
        } geometry: { w in
            if geometryColumn >= 0, let point = row.point(at: geometryColumn) {
                w.writeGeometry(.point(point))
            } else if let decoded = try geometry() {
                w.writeGeometry(decoded)
            } else {
                w.writeRaw("null")
            }
        }
    }

    /// One Feature: the properties (every column but the geometry), then the geometry.
    private func feature(
        columns: Int, property: (inout GeoJSONWriter, Int) -> Void, geometry: (inout GeoJSONWriter) throws -> Void
    ) throws {
        // Work on a local writer: mutating a class's stored struct costs a dynamic exclusivity
        // check per call, a third of the time of a 680,000-feature export.
        var w = GeoJSONWriter()
        swap(&w, &writer)
        defer { swap(&w, &writer) }
        w.writeRaw(count > 0 ? #",{"type":"Feature","properties":{"# : #"{"type":"Feature","properties":{"#)
        let geometryColumn = geometryColumn
        keyBytes.withUnsafeBufferPointer { keys in
            keyEnds.withUnsafeBufferPointer { ends in
                var start = 0
                for index in 0..<columns {
                    let end = ends[index]
                    defer { start = end }
                    guard index != geometryColumn else { continue }
                    w.writeRaw(UnsafeBufferPointer(rebasing: keys[start..<end]))
                    property(&w, index)
                }
            }
        }
        w.writeRaw(#"},"geometry":"#)
        try geometry(&w)
        w.writeRaw("}")
        count += 1
        if w.bytes.count >= 1 << 16 { try sink.write(w.takeBytes()) }
    }

    public func end() throws {
        writer.endFeatureCollection()
        try sink.write(writer.takeBytes())
        try sink.write("\n")
        try sink.flush()
    }
}
