import ArgumentParser
import Foundation
import PermitWatch
import Store

/// `--db`, shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The SpatiaLite database file.",
            discussion: "Default: $PERMITWATCH_DB, else ./permitwatch.sqlite.",
            valueName: "path"))
    var path: String?

    var resolvedPath: String {
        if let path { return path }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PERMITWATCH_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "permitwatch.sqlite"
    }

    /// Opens (creating if needed) the database for writing.
    func open() throws -> SpatialDatabase {
        try SpatialDatabase(path: resolvedPath)
    }

    /// Opens an existing database with every connection read-only (catalog queries).
    func openReadOnly() throws -> SpatialDatabase {
        try requireExisting()
        return try CommandFailure.reporting { try SpatialDatabase(path: resolvedPath, readOnly: true) }
    }

    /// Opens an existing database.
    func openExisting() throws -> SpatialDatabase {
        try requireExisting()
        return try SpatialDatabase(path: resolvedPath)
    }

    private func requireExisting() throws {
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            printError("error: \(resolvedPath): no such database; create it with `permitwatch init` or pass --db")
            throw ExitCode(1)
        }
    }
}
