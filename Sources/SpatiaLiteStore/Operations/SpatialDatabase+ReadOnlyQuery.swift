import CSpatiaLite
import Foundation
import GRDB
import Store


extension SpatialDatabase {
    /// Runs one read-only statement with named arguments, streaming rows to `row` as SQLite
    /// produces them.
    ///
    /// Refuses, before any row is read: more than one statement, a statement that would write
    /// (`sqlite3_stmt_readonly` is false: INSERT, UPDATE, DELETE, DDL, ATTACH, writing PRAGMAs),
    /// and a placeholder with no argument. A statement running longer than `timeLimit` seconds
    /// is interrupted. Returns the number of rows delivered.
    public func streamReadOnly(
        sql: String, arguments: [String: SQLValue], rowLimit: Int?, timeLimit: Double,
        columns: ([String]) throws -> Void, row: (ResultRow) throws -> Void
    ) throws -> Int {
        try read { db in
            guard let handle = db.sqliteConnection else { throw StoreError(message: "database is closed", sql: sql) }
            // Checked once, then each connection's prepared statement is reused
            // (`RawStatement(reusing:)`). The catalog's queries are a few dozen texts; past a
            // bound, a text is prepared for its one run, so no caller can grow the caches.
            let known = checkedReadOnlySQL.withLock { $0.contains(sql) }
            if !known { try Self.checkReadOnly(sql, on: handle) }
            let remembered = known || checkedReadOnlySQL.withLock { checked in
                guard checked.count < 1024 else { return false }
                checked.insert(sql)
                return true
            }
            let prepared = remembered ? try RawStatement(reusing: db, sql: sql) : try RawStatement(db, sql: sql)
            let statement = prepared.statement
            for index in 0..<sqlite3_bind_parameter_count(statement) {
                let position = index + 1
                guard let cName = sqlite3_bind_parameter_name(statement, position) else {
                    throw StoreError(message: "anonymous placeholder ?; use named placeholders (:name)", sql: sql)
                }
                let name = String(String(cString: cName).dropFirst())
                guard let value = arguments[name] else {
                    throw StoreError(message: "placeholder :\(name) is not a declared parameter", sql: sql)
                }
                switch value {
                case .null: sqlite3_bind_null(statement, position)
                case .integer(let v): sqlite3_bind_int64(statement, position, v)
                case .real(let v): sqlite3_bind_double(statement, position, v)
                case .text(let v): sqlite3_bind_text(statement, position, v, -1, pw_sqlite_transient())
                case .blob(let v):
                    v.withUnsafeBytes { _ = sqlite3_bind_blob(statement, position, $0.baseAddress, Int32($0.count), pw_sqlite_transient()) }
                }
            }
            let count = sqlite3_column_count(statement)
            try columns((0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })

            return try SQLiteTimeLimit.run(on: handle, seconds: timeLimit) {
                var delivered = 0
                let current = ResultRow(count: Int(count), cursor: SQLiteResultCursor(statement: statement))
                while rowLimit.map({ delivered < $0 }) ?? true {
                    let step = sqlite3_step(statement)
                    if step == SQLITE_DONE { break }
                    guard step == SQLITE_ROW else {
                        if step == SQLITE_INTERRUPT {
                            throw StoreError(sqlite: step, message: "interrupted after \(timeLimit) s: the query ran longer than its time limit", sql: sql)
                        }
                        throw StoreError(sqlite: step, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
                    }
                    try row(current)
                    delivered += 1
                }
                return delivered
            }
        }
    }

    /// Refuses what a query may not be: more than one statement, a statement that would write
    /// (`sqlite3_stmt_readonly` is false: INSERT, UPDATE, DELETE, DDL, ATTACH, writing PRAGMAs),
    /// ATTACH, DETACH or VACUUM.
    private static func checkReadOnly(_ sql: String, on handle: OpaquePointer) throws {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sql.withCString { sqlite3_prepare_v2(handle, $0, -1, &statement, &tail) }
        guard rc == SQLITE_OK, let statement else {
            throw StoreError(sqlite: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        defer { sqlite3_finalize(statement) }
        if let tail, !isBlankSQL(String(cString: tail)) {
            throw StoreError(message: "more than one SQL statement; a query is exactly one statement", sql: sql)
        }
        // ATTACH and DETACH count as read-only to SQLite (they change the connection, not a
        // file) and VACUUM INTO writes a new file: none belongs in a query.
        if let keyword = firstKeyword(sql), ["ATTACH", "DETACH", "VACUUM"].contains(keyword) {
            throw StoreError(message: "\(keyword) is not allowed; queries are read-only and use only this database", sql: sql)
        }
        guard sqlite3_stmt_readonly(statement) != 0 else {
            throw StoreError(message: "the statement would write to the database; queries are read-only", sql: sql)
        }
    }

    /// The statement's first word, upper-cased, comments skipped.
    static func firstKeyword(_ sql: String) -> String? {
        var rest = Substring(sql)
        while true {
            rest = rest.drop(while: { $0.isWhitespace })
            if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return nil }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        let word = rest.prefix(while: { $0.isLetter })
        return word.isEmpty ? nil : word.uppercased()
    }

    /// Whether what follows a statement is only whitespace, semicolons and comments.
    static func isBlankSQL(_ text: String) -> Bool {
        var rest = Substring(text)
        while let first = rest.first {
            if first.isWhitespace || first == ";" {
                rest = rest.dropFirst()
            } else if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return true }
                rest = rest[end.upperBound...]
            } else {
                return false
            }
        }
        return true
    }
}
