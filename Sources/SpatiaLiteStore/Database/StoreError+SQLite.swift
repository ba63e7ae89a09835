import GRDB
import Store

extension StoreError {
    /// A GRDB error as the store's one error type; SQLite's SQLITE_INTERRUPT (9) marks a time limit.
    init(_ error: DatabaseError) {
        let code = error.extendedResultCode.rawValue
        self.init(sqlite: code, message: error.message ?? "\(error)", sql: error.sql)
    }

    /// A SQLite result code as the store's error, an interruption when it is SQLITE_INTERRUPT.
    init(sqlite code: Int32, message: String, sql: String? = nil) {
        self.init(
            resultCode: code, message: message, sql: sql, isInterruption: code & 0xFF == 9, resultCodeName: "SQLite result code")
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
