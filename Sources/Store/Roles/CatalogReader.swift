/// Runs the query catalog's read-only SQL: a role of the store (see `EnforcementStore`).
///
/// Catalog files are SQL in one database's dialect (the shipped ones read SpatiaLite's R*Tree
/// tables), so a store says which dialect it speaks and the catalog runner refuses a query
/// written for another.
public protocol CatalogReader: Sendable {
    /// The SQL dialect of `streamReadOnly`, as catalog files declare it (`spatialite`).
    var sqlDialect: String { get }

    /// Runs one read-only statement with named arguments, streaming rows to `row`; refuses a
    /// statement that would write, several statements, and unbound placeholders before any row
    /// is read, and interrupts it after `timeLimit` seconds. Returns the rows delivered.
    func streamReadOnly(
        sql: String, arguments: [String: SQLValue], rowLimit: Int?, timeLimit: Double,
        columns: ([String]) throws -> Void, row: (ResultRow) throws -> Void
    ) throws -> Int
}
