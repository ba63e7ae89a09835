import FeatureMemory
import Foundation
import GeoKit
import Logging
import PostgresNIO
import Store
import Synchronization

/// A PostgreSQL database with PostGIS behind the store's roles: the same schema, semantics and
/// answers as a SpatiaLite file (`SpatialDatabase`), for a bureau that runs PostgreSQL already,
/// or several servers that share one register.
///
/// The store's tables live in one schema (`PostgresURL.schema`, default `permitwatch`), made
/// and migrated here. Every call is one transaction on a pooled connection: a read is one
/// snapshot (`REPEATABLE READ`), a write is all or nothing and moves the data's generation on.
public final class PostGISDatabase: Sendable {
    public let url: PostgresURL
    let pool: PostgresConnectionPool
    /// `schema, <PostGIS's schema>`: where the tables are, then where `geometry` is.
    let searchPath: String
    /// The metric CRS (nil: none yet), once read, by the generation it was read at.
    let metricCRSMemo = Mutex<(generation: Int64, crs: MetricCRS?)?>(nil)
    /// The type number of `geometry` in this database, once read.
    let geometryOID = Mutex<UInt32?>(nil)
    /// This process's source index and encoded features, renewed from the generation row that
    /// every write, from any process, moves on (`streamEncodedFeatures`).
    let sourceFeatureMemory = SourceFeatureMemory()

    /// Connects to the database at `url`; with `migrating`, creates the schema (and PostGIS,
    /// where the user may) and brings it up to date, else requires it to exist.
    ///
    /// - Parameter maximumConnections: the bound on this process's connections to the server.
    public init(url: PostgresURL, maximumConnections: Int = 8, migrating: Bool) throws {
        self.url = url
        let pool = PostgresConnectionPool(url: url, maximumConnections: maximumConnections)
        self.pool = pool
        let extensionSchema = try pool.withConnection { connection in
            try Self.prepareDatabase(on: connection, url: url, creating: migrating, logger: pool.logger)
        }
        searchPath = extensionSchema == url.schema ? url.schema : "\(url.schema), \(extensionSchema)"
        if migrating { try migrate() }
    }

    deinit { pool.shutDown() }

    /// Closes the connections now rather than when the last reference goes.
    public func close() { pool.shutDown() }

    /// Makes sure PostGIS is there (creating it when allowed) and the schema exists; returns
    /// the schema PostGIS's types live in. Creating them is one transaction under an advisory
    /// lock: two processes (two servers, parallel tests) starting on a new database would
    /// otherwise both try, and one would fail on the other's extension.
    private static func prepareDatabase(on connection: PostgresConnection, url: PostgresURL, creating: Bool, logger: Logger) throws -> String {
        let session = PostgresTransaction(connection: connection, logger: logger)
        let findExtension = """
            SELECT n.nspname FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'
            """
        let schemaExists = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)"
        if let extensionSchema = try session.value(String.self, findExtension),
            try session.value(Bool.self, schemaExists, [.text(url.schema)]) == true
        {
            return extensionSchema
        }
        guard creating else {
            if try session.value(String.self, findExtension) == nil {
                throw StoreError(message: "\(url): PostGIS is not installed in this database; run `permitwatch init --db \(url)` or ask its administrator for `CREATE EXTENSION postgis`")
            }
            throw StoreError(message: "\(url): no permitwatch store in schema \(url.schema); create it with `permitwatch init --db \(url)`")
        }
        try session.execute("BEGIN")
        do {
            try session.execute("SELECT pg_advisory_xact_lock(hashtext('permitwatch: PostGIS and schemas'))")
            var extensionSchema = try session.value(String.self, findExtension)
            if extensionSchema == nil {
                do {
                    try session.execute("CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public")
                } catch let error as StoreError where error.message.contains("SQLSTATE 42501") {
                    throw StoreError(
                        message: "\(url): PostGIS is not installed and this user may not install it (\(error.message)); ask the database's administrator to run `CREATE EXTENSION postgis` in \(url.database)",
                        sql: error.sql, resultCodeName: "SQLSTATE")
                }
                extensionSchema = "public"
            }
            // The name is a checked identifier (`PostgresURL`), not a value.
            try session.execute("CREATE SCHEMA IF NOT EXISTS \(url.schema)")
            try session.execute("COMMIT")
            return extensionSchema ?? "public"
        } catch {
            try? session.execute("ROLLBACK")
            throw error
        }
    }

    /// Applies the migrations not yet applied, in one transaction, under a lock on the schema
    /// so that two processes starting together do not both apply them.
    private func migrate() throws {
        try transaction(readOnly: false) { db, _ in
            try db.execute("SELECT pg_advisory_xact_lock(hashtext($1))", [.text("permitwatch migrations " + url.schema)])
            try db.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let applied = Set(try db.rows("SELECT version FROM schema_migrations") { row in try row.cell(0).decode(Int.self) })
            for migration in PostGISSchema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    do {
                        try db.execute(statement)
                    } catch let error as StoreError {
                        throw StoreError(
                            message: "migration \(migration.version) (\(migration.name)): \(error.message)", sql: statement,
                            resultCodeName: "SQLSTATE")
                    }
                }
                try db.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [.integer(migration.version), .text(migration.name)])
            }
            if let newest = try db.value(Int.self, "SELECT max(version) FROM schema_migrations"),
                newest > PostGISSchema.migrations.last!.version
            {
                throw StoreError(message: "\(url): the schema is at version \(newest), newer than this permitwatch knows (\(PostGISSchema.migrations.last!.version)); use a newer permitwatch")
            }
        }
    }

    /// Runs `body` in one write transaction, which also moves the data's generation on.
    ///
    /// - Parameters:
    ///   - listingSourceChanges: whether `body` lists every source row it changes and the dates
    ///     of every event it adds (`ChangeLogs.noteSource`, `noteEvents`: the field writes), so
    ///     every server's source index follows the write row by row and a report of an earlier
    ///     week stands; a write that does not is taken to have changed any source and any event.
    ///   - commitThrough: runs the commit it is given (a load that writes its rejects file wraps
    ///     it, `SourceLoad.commit(_:)`); whatever throws before the commit rolls back.
    func write<T>(
        listingSourceChanges: Bool = false, commitThrough: (() throws -> Void) throws -> Void = { try $0() },
        _ body: (PostgresTransaction) throws -> T
    ) throws -> T {
        try transaction(readOnly: false, commitThrough: commitThrough) { db, _ in
            try Self.advanceGeneration(db)
            if !listingSourceChanges { try ChangeLogs.reset(db) }
            return try body(db)
        }
    }

    /// Runs `body` in one read-only snapshot.
    func read<T>(_ body: (PostgresTransaction) throws -> T) throws -> T {
        try transaction(readOnly: true) { db, _ in try body(db) }
    }

    /// Runs `body` in one read-only snapshot with the snapshot's generation, read by the
    /// transaction's first statement together with the schema: a page of features, asked for
    /// hundreds of times a second, then costs three round trips when it needs no rows.
    func readSnapshot<T>(_ body: (PostgresTransaction, _ generation: Int64) throws -> T) throws -> T {
        try transaction(readOnly: true, readingGeneration: true) { db, generation in try body(db, generation ?? 0) }
    }

    /// One transaction on a pooled connection, its schema chosen for it alone; with
    /// `readingGeneration`, the generation is read by the same first statement and given to `body`.
    private func transaction<T>(
        readOnly: Bool, readingGeneration: Bool = false, commitThrough: (() throws -> Void) throws -> Void = { try $0() },
        _ body: (PostgresTransaction, _ generation: Int64?) throws -> T
    ) throws -> T {
        try pool.withConnection { connection in
            let db = PostgresTransaction(connection: connection, logger: pool.logger)
            try db.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            do {
                var generation: Int64?
                if readingGeneration {
                    // The schema is a checked identifier (`PostgresURL`); the path is set for the
                    // statements after this one, so this one names its table in full.
                    generation = try db.value(
                        String.self,
                        "SELECT set_config('search_path', $1, true), (SELECT value FROM \(url.schema).settings WHERE key = 'generation')",
                        [.text(searchPath)], column: 1
                    ).flatMap { Int64($0) }
                } else {
                    try db.execute("SELECT set_config('search_path', $1, true)", [.text(searchPath)])
                }
                let result = try body(db, generation)
                try commitThrough { try db.execute("COMMIT") }
                return result
            } catch {
                if !connection.isClosed { try? db.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Moves the generation on, inside the writing transaction; the row lock also orders
    /// writers from every process.
    private static func advanceGeneration(_ db: PostgresTransaction) throws {
        try db.execute("UPDATE settings SET value = (value::bigint + 1)::text WHERE key = 'generation'")
    }

    /// The data's generation: moved on by every committed write, from any process.
    func generation(_ db: PostgresTransaction) throws -> Int64 {
        Int64(try db.value(String.self, "SELECT value FROM settings WHERE key = 'generation'") ?? "0") ?? 0
    }
}
