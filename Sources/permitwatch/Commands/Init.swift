import ArgumentParser
import Foundation
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

    func run() throws {
        let path = database.resolvedPath
        if FileManager.default.fileExists(atPath: path) {
            guard force else {
                throw ValidationError("\(path) already exists; pass --force to replace it, or use `permitwatch ingest` to add to it")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try Self.create(database: database, from: from, snap: snap)
    }

    /// Creates the database at `database` from `from` (nil: the default dataset, generated
    /// first when missing), printing each step; `serve` uses it when there is no database yet.
    static func create(database: DatabaseOptions, from: String?, snap: Double) throws {
        let path = database.resolvedPath
        let progress = ProgressReporter.terminal
        let directory: URL
        if let from {
            directory = URL(fileURLWithPath: from)
        } else {
            directory = DatasetInit.defaultDatasetDirectory
            if try DatasetInit.ensureDefaultDataset(at: directory, progress: progress) {
                print("generated the default dataset in \(directory.path)")
            }
        }
        var clock = Stopwatch()
        let db = try database.open()
        let steps = try DatasetInit(database: db, logger: CommandLogging.makeLogger(), progress: progress)
            .run(directory: directory, snapDistance: snap)
        for step in steps {
            print("\(step.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%6.2f s", step.seconds))  \(step.detail)")
        }
        print("created \(path) from \(directory.path) in \(String(format: "%.1f", clock.lap())) s")
    }
}
