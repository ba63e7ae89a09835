import Foundation
import Store

/// A store in a PostgreSQL database with PostGIS, named by its URL (`--db postgresql://…`).
public struct PostGISLocation: StoreLocation {
    public let url: PostgresURL
    /// The bound on each opened store's connections.
    public let maximumConnections: Int

    /// - Parameter maximumConnections: the bound when the URL sets none (`?pool_max_conns=`).
    public init(url: PostgresURL, maximumConnections: Int = 8) {
        self.url = url
        self.maximumConnections = url.maximumConnections ?? maximumConnections
    }

    public var description: String { url.description }

    /// Whether the schema holds a permitwatch store; false as well when the server cannot be
    /// reached (opening it then says why).
    public var exists: Bool {
        (try? Self.withAdministration(url) { db in
            try db.value(Bool.self, "SELECT to_regclass($1) IS NOT NULL", [.text(url.schema + ".schema_migrations")]) ?? false
        }) ?? false
    }

    public var directory: URL? { nil }

    public var sqlDialect: String { "postgis" }

    public func openForWriting() throws -> any EnforcementStore {
        try PostGISDatabase(url: url, maximumConnections: maximumConnections, migrating: true)
    }

    public func openExisting() throws -> any EnforcementStore {
        try PostGISDatabase(url: url, maximumConnections: maximumConnections, migrating: false)
    }

    public func openReadOnly(readers: Int) throws -> any EnforcementStore {
        try PostGISDatabase(url: url, maximumConnections: url.maximumConnections ?? readers + 1, migrating: false)
    }

    public func remove() throws {
        try Self.withAdministration(url) { db in try db.execute("DROP SCHEMA IF EXISTS \(url.schema) CASCADE") }
    }

    /// Builds the store in a schema of its own beside this one, then, in one transaction, drops
    /// the old schema and renames the new one into its place: readers see the old store or the
    /// new one, never half of either, and a failed build leaves the old one as it was.
    public func create(_ build: (any EnforcementStore) throws -> Void) throws {
        let staging = url.withSchema("\(url.schema)_new_\(UUID().uuidString.prefix(8).lowercased())")
        do {
            let database = try PostGISDatabase(url: staging, maximumConnections: maximumConnections, migrating: true)
            try build(database)
            database.close()
            try Self.withAdministration(url) { db in
                try db.execute("BEGIN")
                try db.execute("DROP SCHEMA IF EXISTS \(url.schema) CASCADE")
                try db.execute("ALTER SCHEMA \(staging.schema) RENAME TO \(url.schema)")
                try db.execute("COMMIT")
            }
        } catch {
            try? Self.withAdministration(url) { db in try db.execute("DROP SCHEMA IF EXISTS \(staging.schema) CASCADE") }
            throw error
        }
    }

    /// One connection outside any store, for work on schemas (their names are checked
    /// identifiers, `PostgresURL.isPlainIdentifier`).
    private static func withAdministration<T>(_ url: PostgresURL, _ body: (PostgresTransaction) throws -> T) throws -> T {
        let pool = PostgresConnectionPool(url: url, maximumConnections: 1)
        defer { pool.shutDown() }
        return try pool.withConnection { connection in try body(PostgresTransaction(connection: connection, logger: pool.logger)) }
    }
}
