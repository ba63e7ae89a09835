import GeoKit
import Store

/// Writes features of one collection as RFC 7946 GeoJSON straight from the store's rows.
///
/// Property keys are escaped once per collection; values go from the row's UTF-8 bytes into
/// the output with no `String` in between; points are written from their two numbers with
/// fixed decimals (never SpatiaLite's `AsGeoJSON`, whose `22.94999999999999` makes GDAL drop
/// a source lying on a box edge); polygons are re-wound counter-clockwise.
struct FeatureEncoder {
    let definition: FeatureCollectionDefinition
    /// `"key":` for each property, with the separating comma but for the first, end to end;
    /// property i's key ends at `keyEnds[i]`.
    private let keyBytes: [UInt8]
    private let keyEnds: [Int]
    /// The brackets of the JSON text property i holds, written as it is (`PropertyType.object`
    /// `{}`, `.array` `[]`); nil for a value written as itself.
    private let jsonBrackets: [(open: UInt8, close: UInt8)?]

    init(_ definition: FeatureCollectionDefinition) {
        self.definition = definition
        var keys = GeoJSONWriter()
        var ends: [Int] = []
        for (index, property) in definition.properties.enumerated() {
            if index > 0 { keys.writeRaw(",") }
            keys.writeString(property.name)
            keys.writeRaw(":")
            ends.append(keys.bytes.count)
        }
        keyBytes = keys.bytes
        keyEnds = ends
        jsonBrackets = definition.properties.map { property in
            switch property.type {
            case .object: (0x7B, 0x7D)
            case .array: (0x5B, 0x5D)
            default: nil
            }
        }
    }

    /// One Feature; `separator` writes the comma that precedes every feature but the first,
    /// `trailing` is raw JSON for further members (`,"links":[…]`).
    func write(_ row: FeatureRow, separator: Bool, into w: inout GeoJSONWriter, trailing: [UInt8] = []) throws {
        w.writeRaw(separator ? #",{"type":"Feature","id":"# : #"{"type":"Feature","id":"#)
        Self.write(row.id, into: &w)
        w.writeRaw(#","geometry":"#)
        switch try row.geometry() {
        case .none: w.writeRaw("null")
        case .point(let c):
            w.writeRaw(#"{"type":"Point","coordinates":"#)
            w.writePosition(c)
            w.writeRaw("}")
        case .other(let geometry): w.writeGeometry(geometry)
        }
        w.writeRaw(#","properties":{"#)
        keyBytes.withUnsafeBufferPointer { keys in
            var start = 0
            for (index, end) in keyEnds.enumerated() {
                w.writeRaw(UnsafeBufferPointer(rebasing: keys[start..<end]))
                let value = row.property(index)
                if let brackets = jsonBrackets[index], case .text(let bytes) = value, bytes.first == brackets.open, bytes.last == brackets.close {
                    // JSON the store wrote (`SourceFileReader`, a clusters run); anything else stays a string.
                    w.writeRaw(bytes)
                } else {
                    Self.write(value, into: &w)
                }
                start = end
            }
        }
        w.writeRaw("}")
        if !trailing.isEmpty { w.writeRaw(trailing) }
        w.writeRaw("}")
    }

    static func write(_ value: FeatureRow.Value, into w: inout GeoJSONWriter) {
        switch value {
        case .null: w.writeRaw("null")
        case .integer(let v): w.writeNumber(Double(v))
        case .real(let v): w.writeNumber(v)
        case .text(let bytes): w.writeString(utf8: bytes)
        }
    }
}
