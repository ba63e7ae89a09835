import GRDB

/// The one error type of the store: what failed, the SQLite result code, and the SQL that ran.
///
/// Carrying the SQL makes a failure in a catalog query or a migration diagnosable from the
/// message alone, without a debugger.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var resultCode: Int32?
    public var message: String
    public var sql: String?

    public init(resultCode: Int32? = nil, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    init(_ error: DatabaseError) {
        self.init(resultCode: error.extendedResultCode.rawValue, message: error.message ?? "\(error)", sql: error.sql)
    }

    /// Whether SQLite stopped the statement because its time limit passed.
    public var isInterruption: Bool { resultCode.map { $0 & 0xFF == 9 } ?? false }

    public var description: String {
        var text = message
        if let resultCode { text += " (SQLite result code \(resultCode))" }
        if let sql { text += "\n  in SQL: \(sql)" }
        return text
    }

    /// Runs `body`, translating GRDB's errors into `StoreError`.
    static func wrapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError(error)
        }
    }
}
