import CSpatiaLite
import GeoKit
import Store

/// Reads the current row of a catalog statement in place, and decodes its geometry column:
/// a SpatiaLite blob, or GeoJSON text (a query may build its geometry with `AsGeoJSON`).
final class SQLiteResultCursor: ResultCursor {
    private let statement: OpaquePointer

    init(statement: OpaquePointer) { self.statement = statement }

    func value(at column: Int) -> ResultRow.Value {
        let c = Int32(column)
        switch sqlite3_column_type(statement, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, c))
        case SQLITE_TEXT:
            return .text(UnsafeBufferPointer(start: sqlite3_column_text(statement, c), count: Int(sqlite3_column_bytes(statement, c))))
        case SQLITE_BLOB:
            return .blob(UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, c), count: Int(sqlite3_column_bytes(statement, c))))
        default: return .null
        }
    }

    func geometry(at column: Int) throws -> GeoJSONGeometry? {
        switch value(at: column) {
        case .null: return nil
        case .blob(let bytes): return try SpatiaLiteGeometry.decode(Array(bytes))
        case .text(let text): return try GeoJSONReader().read(Array(text)).first?.geometry
        case .integer, .real: throw StoreError(message: "the geometry column holds a number, not a geometry")
        }
    }

    func point(at column: Int) -> Coordinate? {
        guard case .blob(let blob) = value(at: column) else { return nil }
        return SpatiaLiteGeometry.point(in: blob)
    }
}
