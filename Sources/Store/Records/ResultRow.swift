import CSpatiaLite

/// One row of a catalog query, read in place: valid only inside the callback that receives it
/// (it reads the statement's current row; do not keep it).
///
/// Writers that encode straight from the database's UTF-8 bytes (CSV, GeoJSON) skip making a
/// `String` per value, which is most of the cost of exporting a province; the others take
/// `values`.
public struct ResultRow {
    public enum Value {
        case null
        case integer(Int64)
        case real(Double)
        /// Points into SQLite's row buffer.
        case text(UnsafeBufferPointer<UInt8>)
        case blob(UnsafeRawBufferPointer)
    }

    let statement: OpaquePointer
    public let count: Int

    public subscript(column: Int) -> Value {
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

    /// The row as values that outlive it.
    public var values: [SQLValue] {
        (0..<count).map { column in
            switch self[column] {
            case .null: .null
            case .integer(let v): .integer(v)
            case .real(let v): .real(v)
            case .text(let bytes): .text(String(decoding: bytes, as: UTF8.self))
            case .blob(let bytes): .blob(bytes.isEmpty ? [] : Array(bytes))
            }
        }
    }
}
