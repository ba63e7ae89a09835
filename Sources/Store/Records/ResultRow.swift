import GeoKit

/// One row of a catalog query, read in place: valid only inside the callback that receives it
/// (it reads the store's current row; do not keep it).
///
/// Writers that encode straight from the database's UTF-8 bytes (CSV, GeoJSON) skip making a
/// `String` per value, which is most of the cost of exporting a province; the others take
/// `values`. Geometries are decoded by the store that wrote them, so the writers never learn
/// a database's geometry encoding.
public struct ResultRow {
    public enum Value {
        case null
        case integer(Int64)
        case real(Double)
        /// Points into the store's row buffer.
        case text(UnsafeBufferPointer<UInt8>)
        case blob(UnsafeRawBufferPointer)
    }

    public let count: Int
    private let cursor: any ResultCursor

    /// - Parameter cursor: the store's reader of its current row.
    public init(count: Int, cursor: any ResultCursor) {
        self.count = count
        self.cursor = cursor
    }

    public subscript(column: Int) -> Value { cursor.value(at: column) }

    /// The geometry in `column`, decoded from the store's own encoding (nil for null).
    public func geometry(at column: Int) throws -> GeoJSONGeometry? { try cursor.geometry(at: column) }

    /// The point in `column` when it holds one, read without building a geometry value: the
    /// fast path of a whole-register export.
    public func point(at column: Int) -> Coordinate? { cursor.point(at: column) }

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

/// How a store reads the current row of a running query; implemented by each store.
public protocol ResultCursor: AnyObject {
    func value(at column: Int) -> ResultRow.Value
    func geometry(at column: Int) throws -> GeoJSONGeometry?
    func point(at column: Int) -> Coordinate?
}
