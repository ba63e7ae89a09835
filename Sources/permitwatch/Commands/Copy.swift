import ArgumentParser
import Foundation
import PermitWatch

/// `permitwatch copy --from A --to B`: a whole database moved between SpatiaLite and PostGIS.
struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a whole database to another store: SpatiaLite to PostGIS, and back.",
        discussion: """
            Everything moves: the register, areas, events (the whole history), depots, roads, \
            stored cluster and hot-spot runs, route plans, the ingest log with its rejected \
            rows, access tokens and field writes. The source is read in one snapshot (a server \
            may go on using it); the target is built aside and put in place only when complete, \
            so a failed copy leaves it as it was. Either side is a SpatiaLite file or a \
            postgresql:// URL (see --db in `permitwatch --help`).

            Examples:
              permitwatch copy --from permitwatch.sqlite --to postgresql://permitwatch@db.bureau/permitwatch
              permitwatch copy --from postgresql://permitwatch@db.bureau/permitwatch --to snapshot.sqlite --force
            """)

    @Option(name: .long, help: ArgumentHelp("The database to copy: a SpatiaLite file or a postgresql:// URL.", valueName: "path|url"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The database to create: a SpatiaLite file or a postgresql:// URL.", valueName: "path|url"))
    var to: String

    @Flag(name: .long, help: "Replace a database already at --to.")
    var force = false

    func run() throws {
        let source = try DatabaseOptions.location(named: from)
        let target = try DatabaseOptions.location(named: to)
        let outcome = try StoreCopy(from: source, to: target).run(replacing: force, progress: .terminal)
        let rows = outcome.tables.reduce(0) { $0 + $1.rows }
        let counted = outcome.tables.filter { ["sources", "events", "areas"].contains($0.name) }
            .map { "\($0.rows) \($0.name)" }.joined(separator: ", ")
        printError("copied \(source) to \(target): \(rows) rows in \(outcome.tables.count) tables (\(counted)) in \(String(format: "%.1f", outcome.seconds)) s")
    }
}
