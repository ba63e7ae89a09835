import ArgumentParser
import Foundation
import PermitWatch
import SpatiaLiteStore

/// The `permitwatch` command: a thin front over the PermitWatch library.
@main
struct PermitWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permitwatch",
        abstract: "Geospatial enforcement analytics for fixed pollution sources.",
        discussion: """
            One SpatiaLite file holds every fixed pollution source of a province with its status \
            history, and for each source its prefecture, county, town, enforcement grid and \
            square-grid cell.

            Start with `permitwatch init` (creates the database from the default Guangdong-like \
            dataset), then `permitwatch summary --by prefecture`, and `permitwatch serve` for the \
            OGC API - Features server and the map.

            Every command takes --db PATH (default: $PERMITWATCH_DB, else ./permitwatch.sqlite).

            Exit status: 0 done, 2 input rejected (nothing written), 3 a database error, 1 or 64 \
            a usage error.

            `permitwatch --version` prints the release and the versions of the libraries it \
            links (SQLite, SpatiaLite, GEOS, GDAL).
            """,
        subcommands: [
            Generate.self, Init.self, Ingest.self, Assign.self, Summary.self, Query.self, Clusters.self, Hotspots.self, Route.self, Report.self,
            Serve.self, Token.self, Backup.self, Copy.self, Check.self, Benchmark.self,
        ])

    /// Parses, runs, and maps every error the library throws to a message and an exit status,
    /// in this one place.
    static func main() async {
        // By hand rather than through the parser's `version`, which would be computed (and
        // GDAL's drivers registered) at every start.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print("permitwatch " + PermitWatchVersion.description(with: [SpatialDatabase.libraryVersions]))
            return
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as any ClassifiedError {
            let message = error.message(for: .commandLine)
            if error.kind == .database {
                printError("error: database: " + message)
            } else {
                printError("error: " + message.replacingOccurrences(of: "\n", with: "\nerror: "))
            }
            Foundation.exit(Self.exitStatus(error.kind))
        } catch {
            // The argument parser's own errors, help and exit codes; anything else is a bug.
            exit(withError: error)
        }
    }

    /// The exit status of each kind of failure (the README documents them).
    static func exitStatus(_ kind: ErrorKind) -> Int32 {
        switch kind {
        case .usage: 64
        case .rejected, .notFound, .conflict, .misconfigured, .timeLimit: 2
        case .database, .busy: 3
        case .internal: 1
        }
    }
}
