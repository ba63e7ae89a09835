import CSpatiaLite
import GRDB
import Store

/// Inserts rows many at a time: `INSERT INTO t (…) VALUES (…), (…), …` with 64 rows a statement.
///
/// Executing one prepared INSERT per row costs SQLite about 9 µs for a 23-column source row,
/// most of it per statement (opening cursors, seeking from the root); a statement of 64 rows
/// pays that once. Values are packed into one reused buffer and bound without copies
/// (SQLITE_STATIC), the statement is stepped while the buffer is alive.
final class BatchInserter {
    private enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(start: Int, count: Int)
        case blob(start: Int, count: Int)
    }

    private let db: Database
    private let table: String
    private let columns: [String]
    private let rowsPerStatement: Int
    private var full: RawStatement?
    // Appended to for every value of every row: the dynamic exclusivity check Swift makes on
    // each access to a class's stored property costs more than the append. Accesses never
    // overlap: an inserter is used by one thread, and no method re-enters another.
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    @exclusivity(unchecked) private var values: [Value] = []
    @exclusivity(unchecked) private var rowsInBatch = 0

    init(_ db: Database, table: String, columns: [String], rowsPerStatement: Int = 64) {
        self.db = db
        self.table = table
        self.columns = columns
        // SQLite allows 32,766 bound values a statement.
        self.rowsPerStatement = max(1, min(rowsPerStatement, 32_766 / max(columns.count, 1)))
        bytes.reserveCapacity(64 * 1024)
        values.reserveCapacity(self.rowsPerStatement * columns.count)
    }

    func null() { values.append(.null) }
    func integer(_ value: Int64) { values.append(.integer(value)) }
    func integer(_ value: Int?) { values.append(value.map { .integer(Int64($0)) } ?? .null) }
    func real(_ value: Double) { values.append(.real(value)) }
    func real(_ value: Double?) { values.append(value.map { .real($0) } ?? .null) }

    func text(_ value: String?) {
        guard let value else { return values.append(.null) }
        let start = bytes.count
        bytes.append(contentsOf: value.utf8)
        values.append(.text(start: start, count: bytes.count - start))
    }

    /// Appends a blob written by `write` straight into the buffer.
    func blob(_ write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        values.append(.blob(start: start, count: bytes.count - start))
    }

    /// Closes the row whose values were just added, in column order.
    func endRow() throws {
        rowsInBatch += 1
        precondition(values.count == rowsInBatch * columns.count, "one value per column")
        if rowsInBatch == rowsPerStatement { try flush() }
    }

    /// Inserts the rows still buffered.
    func finish() throws {
        if rowsInBatch > 0 { try flush() }
    }

    private func statement(rows: Int) throws -> RawStatement {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql = "INSERT INTO \(table.quotedDatabaseIdentifier) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
        return try RawStatement(db, sql: sql)
    }

    private func flush() throws {
        let statement: RawStatement
        if rowsInBatch == rowsPerStatement {
            if full == nil { full = try self.statement(rows: rowsPerStatement) }
            statement = full!
        } else {
            statement = try self.statement(rows: rowsInBatch)
        }
        try bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress
            for (i, value) in values.enumerated() {
                let index = Int32(i + 1)
                switch value {
                case .null:
                    sqlite3_bind_null(statement.statement, index)
                case .integer(let v):
                    sqlite3_bind_int64(statement.statement, index, v)
                case .real(let v):
                    sqlite3_bind_double(statement.statement, index, v)
                case .text(let start, let count):
                    sqlite3_bind_text(statement.statement, index, UnsafeRawPointer(base! + start).assumingMemoryBound(to: CChar.self), Int32(count), pw_sqlite_static())
                case .blob(let start, let count):
                    sqlite3_bind_blob(statement.statement, index, base! + start, Int32(count), pw_sqlite_static())
                }
            }
            try statement.step()
        }
        bytes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        rowsInBatch = 0
    }
}
