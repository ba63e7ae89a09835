import Foundation
import GeoKit
import NIOCore
import PostgresNIO
import Store

extension PostGISDatabase {
    /// Catalog SQL runs on PostGIS in PostgreSQL's dialect (`queries/postgis/`).
    public var sqlDialect: String { "postgis" }

    /// Runs one catalog statement in a read-only snapshot: PostgreSQL itself refuses a write
    /// (the transaction is `READ ONLY`) and a second statement (one statement per query in its
    /// protocol); `statement_timeout` is the time limit. Named placeholders are bound by name.
    public func streamReadOnly(
        sql: String, arguments: [String: SQLValue], rowLimit: Int?, timeLimit: Double,
        columns: ([String]) throws -> Void, row: (ResultRow) throws -> Void
    ) throws -> Int {
        let named = try NamedParameters(sql)
        let values = try named.names.map { name -> SQLValue in
            guard let value = arguments[name] else {
                throw StoreError(message: "placeholder :\(name) is not a declared parameter", sql: sql)
            }
            return value
        }
        var statement = named.sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while statement.hasSuffix(";") { statement = String(statement.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        let limited = rowLimit.map { "SELECT * FROM (\(statement)) AS catalog_query LIMIT \($0)" } ?? statement
        let geometryType = try geometryTypeOID()
        let (names, rows) = try read { db -> ([String], [PostgresRow]) in
            try db.execute("SELECT set_config('statement_timeout', $1, true)", [.text("\(max(1, Int(timeLimit * 1000)))")])
            let rows: [PostgresRow]
            do {
                rows = try db.rows(limited, values) { $0 }
            } catch let error as StoreError where error.isInterruption {
                throw StoreError(message: "interrupted after \(timeLimit) s: the query ran longer than its time limit", sql: sql, isInterruption: true, resultCodeName: "SQLSTATE")
            } catch let error as StoreError {
                throw StoreError(message: error.message, sql: sql, resultCodeName: "SQLSTATE")
            }
            if let first = rows.first { return (first.map(\.columnName), rows) }
            // No row: the columns' names from one row of NULLs the query never computes.
            let described = try db.rows("SELECT catalog_query.* FROM (SELECT 1) AS one LEFT JOIN (\(statement)) AS catalog_query ON false", values) { $0 }
            return (described.first?.map(\.columnName) ?? [], [])
        }
        try columns(names)
        let cursor = PostgresResultCursor(geometryType: geometryType)
        for (index, current) in rows.enumerated() {
            try cursor.load(current)
            try row(ResultRow(count: names.count, cursor: cursor))
            if let rowLimit, index + 1 >= rowLimit { return index + 1 }
        }
        return rows.count
    }

    /// The type number PostGIS gave `geometry` in this database (it is not fixed).
    private func geometryTypeOID() throws -> UInt32 {
        if let known = geometryOID.withLock({ $0 }) { return known }
        let oid = try read { db in try db.value(Int64.self, "SELECT 'geometry'::regtype::oid::bigint") } ?? 0
        geometryOID.withLock { $0 = UInt32(oid) }
        return UInt32(oid)
    }
}

/// A catalog row's values, as the output writers read them: integers, reals, text and blobs,
/// geometries from PostGIS's binary form.
final class PostgresResultCursor: ResultCursor {
    private enum Cell {
        case null
        case integer(Int64)
        case real(Double)
        case text([UInt8])
        case blob([UInt8])
        case geometry(ByteBuffer)
    }

    private let geometryType: UInt32
    private var cells: [Cell] = []
    /// The current row's text and blob bytes, kept while the row is read.
    private var storage = RowByteStorage()

    init(geometryType: UInt32) { self.geometryType = geometryType }

    func load(_ row: PostgresRow) throws {
        storage.release()
        cells = try row.map { cell -> Cell in
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int2, .int4, .int8, .oid: return .integer(Int64(try cell.decode(Int.self)))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .float4, .float8: return .real(try cell.decode(Double.self))
            case .numeric:
                let text = try cell.decode(String.self)
                return Double(text).map { .real($0) } ?? .text(Array(text.utf8))
            case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
            case let type where type.rawValue == geometryType: return .geometry(try cell.decode(ByteBuffer.self))
            default:
                if let text = try? cell.decode(String.self) { return .text(Array(text.utf8)) }
                return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
            }
        }
    }

    func value(at column: Int) -> ResultRow.Value {
        switch cells[column] {
        case .null: return .null
        case .integer(let value): return .integer(value)
        case .real(let value): return .real(value)
        case .text(let bytes): return .text(storage.keep(bytes).bindMemory(to: UInt8.self))
        case .blob(let bytes): return .blob(storage.keep(bytes))
        case .geometry(let buffer): return .blob(storage.keep(Array(buffer: buffer)))
        }
    }

    func geometry(at column: Int) throws -> GeoJSONGeometry? {
        switch cells[column] {
        case .null: return nil
        case .geometry(let buffer): return try WKB.decodeGeometry(buffer)
        case .text(let bytes): return try GeoJSONReader().read(bytes).first?.geometry
        case .blob: throw StoreError(message: "the geometry column holds bytes that are not a PostGIS geometry")
        case .integer, .real: throw StoreError(message: "the geometry column holds a number, not a geometry")
        }
    }

    func point(at column: Int) -> Coordinate? {
        guard case .geometry(let buffer) = cells[column], case .point(let point)? = try? WKB.decodeGeometry(buffer) else { return nil }
        return point
    }
}
