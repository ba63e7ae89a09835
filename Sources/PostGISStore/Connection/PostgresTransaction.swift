import Logging
import NIOCore
import PostgresNIO
import Store

/// One transaction on one connection: what the store's operations run their SQL in.
///
/// Every statement takes its values as bound parameters (`$1`, `$2`, …); table and column names
/// come from the store's own constants. The schema is chosen for the transaction alone
/// (`set_config('search_path', …, true)`), so no session state outlives it.
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement for its effect.
    func execute(_ sql: String, _ values: [SQLValue] = []) throws {
        do {
            _ = try connection.query(Self.query(sql, values), logger: logger).wait()
        } catch {
            throw StoreError(postgres: error, sql: sql)
        }
    }

    /// Runs a query and decodes each row as it arrives (on the connection's event loop, so
    /// several connections decode in parallel, and a large result is never held as raw rows).
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ decode: @escaping @Sendable (PostgresRow) throws -> T) throws -> [T] {
        let collected = Collected<T>()
        try forEachRow(sql, values) { row in collected.values.append(try decode(row)) }
        return collected.values
    }

    /// Runs a query and hands each row to `body` as it arrives, on the connection's event loop,
    /// one row after another; returns when the last has been handled. What `body` gathers is
    /// the caller's to read afterwards (the query's completion orders the two).
    func forEachRow(_ sql: String, _ values: [SQLValue] = [], _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws {
        do {
            _ = try connection.query(Self.query(sql, values), logger: logger, body).wait()
        } catch {
            throw StoreError(postgres: error, sql: sql)
        }
    }

    /// The first column (or `column`) of the first row, nil without rows or for NULL.
    func value<T: PostgresDecodable>(_ type: T.Type, _ sql: String, _ values: [SQLValue] = [], column: Int = 0) throws -> T? {
        try rows(sql, values) { row -> T? in
            let cell = row.cell(column)
            return cell.bytes == nil ? nil : try cell.decode(T.self)
        }.first ?? nil
    }

    /// Streams rows into `table` through `COPY … FROM STDIN` (text format), the fastest way
    /// into PostgreSQL: `produce` is called until it returns nil, each call's text (rows in
    /// COPY's text format, `CopyText`) sent as it comes.
    func copy(into table: String, columns: [String], _ produce: @escaping () throws -> ByteBuffer?) throws {
        let connection = connection, logger = logger
        do {
            try BlockingBridge.shared.run {
                try await connection.copyFrom(table: table, columns: columns, format: .text(.init()), logger: logger) { writer in
                    while let chunk = try produce() {
                        try await writer.write(chunk)
                    }
                }
            }
        } catch let error as PSQLError {
            throw StoreError(postgres: error, sql: "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN")
        } catch {
            // What `produce` threw (a load's rejected file, say) keeps its own kind.
            throw error
        }
    }

    static func query(_ sql: String, _ values: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(number)
            case .real(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// Rows gathered by the event loop's callback, read by the caller after the query's future
    /// completed (which orders the two).
    private final class Collected<T>: @unchecked Sendable {
        var values: [T] = []
    }
}

extension PostgresRow {
    /// The cell at `index`, by position.
    func cell(_ index: Int) -> PostgresCell {
        self[self.index(startIndex, offsetBy: index)]
    }
}

extension SQLValue {
    /// Text or NULL.
    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// An integer or NULL.
    static func integer(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    /// A number or NULL.
    static func real(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }
}
