import CSpatiaLite
import Enforcement
import GeoKit

/// One feature as the store reads it, valid only inside the callback that receives it (it
/// reads the statement in place; do not keep it).
///
/// Text comes as the database's own UTF-8 bytes, so a server can escape them straight into
/// its response without making a `String` per value: at 1,000 features a page, that is most
/// of the cost of a page.
public struct FeatureRow {
    /// A property value; `.text` points into the database's row buffer.
    public enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(UnsafeBufferPointer<UInt8>)
    }

    public enum Geometry {
        case none
        case point(Coordinate)
        case other(GeoJSONGeometry)
    }

    let statement: OpaquePointer
    let definition: FeatureCollectionDefinition

    /// The feature id (the `idProperty`'s value).
    public var id: Value { value(at: 0) }

    /// The value of `definition.properties[index]`.
    public func property(_ index: Int) -> Value { value(at: Int32(index + 1)) }

    public func geometry() throws -> Geometry {
        let first = Int32(definition.properties.count + 1)
        switch definition.storage.geometry {
        case .lonLat:
            return .point(Coordinate(sqlite3_column_double(statement, first), sqlite3_column_double(statement, first + 1)))
        case .blob:
            return try blob(at: first)
        case .gridCell:
            guard sqlite3_column_type(statement, first + 2) != SQLITE_NULL else { return try blob(at: first + 3) }
            let grid = SquareGrid(cellSize: sqlite3_column_double(statement, first + 2))
            let outline = grid.outline(ofCell: Int(sqlite3_column_int64(statement, first)), Int(sqlite3_column_int64(statement, first + 1)))
            return .other(.multiPolygon(MultiPolygon(polygons: [outline])))
        }
    }

    private func blob(at column: Int32) throws -> Geometry {
        guard let pointer = sqlite3_column_blob(statement, column) else { return .none }
        let count = Int(sqlite3_column_bytes(statement, column))
        return .other(try SpatiaLiteGeometry.decode(Array(UnsafeRawBufferPointer(start: pointer, count: count))))
    }

    private func value(at column: Int32) -> Value {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_NULL: return .null
        default:
            let text = sqlite3_column_text(statement, column)
            return .text(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
        }
    }
}
