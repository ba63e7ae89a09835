import ArgumentParser
import Foundation
import PermitWatch
import PostGISStore
import SpatiaLiteStore
import Store

/// `--db`, shared by every command that touches the database: the one place the CLI names the
/// store it works on.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The SpatiaLite database file, or a PostgreSQL database with PostGIS.",
            discussion: """
                A path names a SpatiaLite file; postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME[?schema=NAME] \
                a PostgreSQL database, whose store lives in schema `permitwatch` unless ?schema= says \
                otherwise (the password may come from $PGPASSWORD; ?pool_max_conns=N bounds the \
                connections of one process, 8 by default). Default: $PERMITWATCH_DB, else \
                ./permitwatch.sqlite.
                """,
            valueName: "path|url"))
    var path: String?

    var resolvedPath: String {
        if let path { return path }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PERMITWATCH_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "permitwatch.sqlite"
    }

    /// The store the user named: a PostgreSQL URL, else a SpatiaLite file.
    var location: any StoreLocation {
        get throws { try Self.location(named: resolvedPath) }
    }

    /// The store `named` names (`--db`, `copy --from/--to`): a PostgreSQL URL, else a SpatiaLite file.
    static func location(named: String) throws -> any StoreLocation {
        guard PostgresURL.isPostgresURL(named) else { return SpatiaLiteFile(path: named) }
        return PostGISLocation(url: try PostgresURL(parsing: named))
    }

    /// Opens (creating if needed) the database for writing.
    func openForWriting() throws -> any EnforcementStore { try location.openForWriting() }

    /// Opens an existing database; a missing one is a database error (exit 3).
    func openExisting() throws -> any EnforcementStore { try location.openExisting() }

    /// Opens an existing database with every connection read-only.
    func openReadOnly() throws -> any EnforcementStore { try location.openReadOnly() }

    /// The user's query folders: `--queries DIR` (or `$PERMITWATCH_QUERIES`) and `queries/`
    /// beside the database.
    func queryDirectories(explicit: String?) -> [URL] {
        QueryCatalog.userDirectories(explicit: explicit, beside: (try? location)?.directory)
    }
}
