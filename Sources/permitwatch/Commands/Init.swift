import ArgumentParser
import Foundation
import GeoKit
import PermitWatch

/// `permitwatch init`: creates the database and loads a dataset directory.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the database and load a whole dataset directory into it.",
        discussion: """
            Loads, in order: prefectures, counties, towns and grids (GeoJSON), sources (CSV), \
            events (CSV) and depots (CSV), then assigns every source. The directory's \
            dataset.json names the files and their coordinate system; without it the default \
            names (prefectures.geojson, …, sources.csv, events.csv, depots.csv) and WGS-84 apply.

            With no --from, the default dataset is used, generated first if it is missing \
            (in $PERMITWATCH_DATA, else ~/.cache/permitwatch/guangdong-2020).
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Dataset directory.", valueName: "dir"))
    var from: String?

    @Flag(name: .long, help: "Replace an existing database file.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Snap points in no town to the nearest town within this many metres.", valueName: "metres"))
    var snap: Double = 500

    @OptionGroup var metricCRS: MetricCRSOptions

    func validate() throws {
        try checkingUsage { try Assignment.check(snapDistance: snap, cellSize: nil) }
    }

    func run() throws {
        try Self.create(database: database, from: from, replacing: force, snap: snap, metricCRS: try metricCRS.value())
    }

    /// Creates the database at `database` from `from` (nil: the default dataset, generated
    /// first when missing), printing each step; `serve` uses it when there is no database yet.
    /// `metricCRS` nil: the one fitted to the data.
    static func create(database: DatabaseOptions, from: String?, replacing: Bool, snap: Double, metricCRS: MetricCRS?) throws {
        let creation = try DatasetInit.create(
            at: try database.location, from: from.map { URL(fileURLWithPath: $0) }, replacing: replacing, snapDistance: snap,
            metricCRS: metricCRS, logger: CommandLogging.makeLogger(), progress: .terminal)
        if creation.generated { print("generated the default dataset in \(creation.directory.path)") }
        for step in creation.steps {
            print("\(step.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%6.2f s", step.seconds))  \(step.detail)")
        }
        print("created \(try database.location) from \(creation.directory.path) in \(String(format: "%.1f", creation.seconds)) s")
        print("metric CRS: \(creation.metricCRS.map { "\($0) (\($0.name))" } ?? "none")")
    }
}
