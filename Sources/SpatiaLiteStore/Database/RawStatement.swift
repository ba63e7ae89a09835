import CSpatiaLite
import Enforcement
import GRDB
import Store

/// A prepared statement on the raw SQLite handle, for the bulk loads' inner loops.
///
/// GRDB's statement API boxes every argument in a `DatabaseValue`; at hundreds of thousands of
/// rows per second that costs more than SQLite itself. Bulk writers bind directly instead.
/// Used only inside a GRDB write transaction, on that transaction's connection.
final class RawStatement {
    fileprivate let handle: OpaquePointer
    let statement: OpaquePointer
    let sql: String
    /// The connection's cached statement this one runs, when it is one (`reusing:`): kept
    /// alive here, reset rather than finalized.
    private let cached: Statement?

    init(_ db: Database, sql: String) throws {
        guard let handle = db.sqliteConnection else { throw StoreError(message: "database is closed", sql: sql) }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw StoreError(sqlite: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        self.handle = handle
        self.statement = statement
        self.sql = sql
        cached = nil
    }

    /// The connection's own prepared statement for `sql`, prepared once per connection (GRDB's
    /// statement cache) and reused: for the reads every request repeats with other values.
    ///
    /// Preparing is not cheap on a GRDB connection: its authorizer turns every column the
    /// statement reads into a region of table and column names, which is a fifth of a catalog
    /// query's CPU and more than a page of cached features costs. Only for SQL of a fixed text
    /// (the cache is never emptied).
    init(reusing db: Database, sql: String) throws {
        guard let handle = db.sqliteConnection else { throw StoreError(message: "database is closed", sql: sql) }
        do {
            let cached = try db.cachedStatement(sql: sql)
            self.cached = cached
            statement = cached.sqliteStatement
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
        self.handle = handle
        self.sql = sql
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    deinit {
        if cached == nil {
            sqlite3_finalize(statement)
        } else {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
    }

    @inline(__always) func bind(_ index: Int32, _ value: Double) {
        sqlite3_bind_double(statement, index, value)
    }

    @inline(__always) func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(statement, index)
            return
        }
        value.withUTF8 { buffer in
            _ = sqlite3_bind_text(statement, index, buffer.baseAddress, Int32(buffer.count), pw_sqlite_transient())
        }
    }

    @inline(__always) func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(statement, index, Int64(value)) } else { sqlite3_bind_null(statement, index) }
    }

    @inline(__always) func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    @inline(__always) func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), pw_sqlite_transient())
        }
    }

    @inline(__always) func bind(_ index: Int32, _ value: SQLValue) {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let v): bind(index, v)
        case .real(let v): bind(index, v)
        case .text(let v): bind(index, v)
        case .blob(let v): bind(index, blob: v)
        }
    }

    /// Runs the statement once with the bound values, then resets it for the next row.
    @inline(__always) func step() throws {
        let rc = sqlite3_step(statement)
        sqlite3_reset(statement)
        if rc != SQLITE_DONE && rc != SQLITE_ROW {
            throw StoreError(sqlite: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
    }
}

extension RawStatement {
    /// Advances to the next result row; false when there are no more.
    @inline(__always) func next() throws -> Bool {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_ROW { return true }
        sqlite3_reset(statement)
        if rc == SQLITE_DONE { return false }
        throw StoreError(sqlite: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    @inline(__always) func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    @inline(__always) func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
    @inline(__always) func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    @inline(__always) func string(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    @inline(__always) func int(_ column: Int32) -> Int? {
        isNull(column) ? nil : Int(sqlite3_column_int64(statement, column))
    }

    @inline(__always) func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(statement, column)
    }

    /// A status column read from its bytes: the five spellings differ in their first or third
    /// letter, so no `String` is made for each of hundreds of thousands of rows.
    @inline(__always) func sourceStatus(_ column: Int32) -> SourceStatus? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        let bytes = UnsafeBufferPointer(start: text, count: count)
        let status: SourceStatus?
        switch (count, bytes.first) {
        case (9, UInt8(ascii: "p")): status = .permitted
        case (10, UInt8(ascii: "r")): status = bytes[2] == UInt8(ascii: "g") ? .registered : bytes[2] == UInt8(ascii: "c") ? .rectifying : nil
        case (7, UInt8(ascii: "s")): status = .special
        case (10, UInt8(ascii: "u")): status = .unlicensed
        default: status = nil
        }
        // The check confirms the guess: the column has a CHECK constraint, but be exact anyway.
        guard let status, status.rawValue.utf8.elementsEqual(bytes) else { return nil }
        return status
    }

    func blob(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(statement, column) else { return [] }
        let count = Int(sqlite3_column_bytes(statement, column))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
