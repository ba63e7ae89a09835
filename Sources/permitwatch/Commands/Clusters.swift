import ArgumentParser
import Foundation
import PermitWatch

/// `permitwatch clusters`: where the selected sources cluster (DBSCAN), stored as the latest run.
struct Clusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find clusters of sources (DBSCAN in metres, as the database's metric CRS measures them) and store the run.",
        discussion: """
            A source is a core point when at least --min-points selected sources (itself included) \
            lie within --eps metres; core points within eps of each other share a cluster; other \
            sources within eps of a core point join the cluster of the first such core point by \
            source id; the rest are noise. Clusters are numbered by their smallest source id. Each \
            cluster gets its outline (convex hull buffered by eps/2; --concave for a concave hull), \
            area, density, the towns and grids it touches, members by status and industry, and a \
            risk score 0–100 (see the README). The run is stored: the server's clusters collection, \
            the weekly report and route planning use the latest one.

            Examples:
              permitwatch clusters
              permitwatch clusters --status unlicensed,rectifying --area 4401 --format geojson --output clusters.geojson
              permitwatch clusters --format csv --members > membership.csv
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Statuses to cluster, comma-separated.", valueName: "status,..."))
    var status = "unlicensed"

    @Option(name: .long, help: ArgumentHelp("Only sources of this prefecture, county, town or grid.", valueName: "code"))
    var area: String?

    @Option(name: .long, help: ArgumentHelp("Neighbourhood radius in metres.", valueName: "metres"))
    var eps = 300.0

    @Option(name: .customLong("min-points"), help: ArgumentHelp("Sources within eps (itself included) that make a core point.", valueName: "k"))
    var minPoints = 5

    @Flag(name: .long, help: "Also compute a concave hull per cluster (used as the GeoJSON outline).")
    var concave = false

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge rectification deadlines on this day (default: the latest event).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Flag(name: .long, help: "With --format csv: print source_id,cluster for every selected source (-1: noise) instead.")
    var members = false

    @Flag(name: .customLong("no-store"), help: "Do not store the run.")
    var noStore = false

    func validate() throws {
        _ = try options()
        if members && output.format != .csv { throw ValidationError("--members applies to --format csv") }
    }

    func options() throws -> ClusterAnalysis.Options {
        try checkingUsage {
            try ClusterAnalysis.Options(statuses: status, area: area, eps: eps, minPoints: minPoints, concaveHull: concave, asOf: asOf)
        }
    }

    func run() throws {
        let store = noStore ? try database.openReadOnly() : try database.openExisting()
        var clock = Stopwatch()
        let report = try ClusterAnalysis(store: store).run(try options(), storing: !noStore)
        let seconds = clock.lap()
        try output.write { writer in
            try (members ? report.membersTable() : report.table()).write(to: writer)
        }
        let clustered = report.selected - report.noise
        printError(
            "\(report.clusters.count) clusters of \(clustered) sources (\(report.noise) noise) among \(report.selected) selected in "
                + String(format: "%.2f s", seconds) + (report.runID.map { "; stored as run \($0)" } ?? (noStore ? "" : "; not stored: no source was selected"))
                + " (" + report.timings.map { "\($0.part) " + String(format: "%.2f", $0.seconds) }.joined(separator: ", ") + ")")
    }
}
