import GRDB
import Store

/// Turns off a connection's CHECK constraints for the length of a bulk load of typed values.
///
/// SQLite evaluates a constraint like `status IN ('permitted', …)` at about a microsecond a row,
/// which makes it the largest single cost of writing 680,000 sources. Bulk writers bind statuses
/// and placements from Swift enums, so the checks could never fail there; every other writer
/// (a user's own SQL included) is still checked. Statements prepared while suspended are
/// compiled without the checks, so prepare them inside `body`.
enum CheckConstraintSuspension {
    static func during<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
        defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
        return try body()
    }
}
