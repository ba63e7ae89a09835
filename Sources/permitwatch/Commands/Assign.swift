import ArgumentParser
import PermitWatch

/// `permitwatch assign`: re-runs the assignment of sources to areas, grids and cells.
struct Assign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assign every source to its town (county, prefecture), administrative grid and square-grid cell.",
        discussion: """
            Runs after every ingest on its own; run it by hand to change --snap or --cell-size. \
            A point on a shared border or in an overlap of two towns goes to the town with the \
            lowest code. A point in no town is snapped to the nearest town within --snap metres \
            (flagged snapped), else left unassigned (flagged). Square-grid cell (ix, iy) = \
            (floor(x / size), floor(y / size)) of the x/y in the database's metric CRS.

            With --metric-crs naming another system than the stored one, the whole database is \
            re-projected into it first, in the same transaction: every source's and depot's x/y, \
            every area's km², the square cells; stored hot-spot runs on the square grid are \
            removed (their cells are squares of the old system). This is the only way the \
            metric CRS changes.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Snap distance in metres for points in no town.", valueName: "metres"))
    var snap: Double = 500

    @Option(name: .long, help: ArgumentHelp("Square-grid cell size in metres (default: the stored size, initially 1000).", valueName: "metres"))
    var cellSize: Double?

    @OptionGroup var metricCRS: MetricCRSOptions

    func validate() throws {
        try checkingUsage { try Assignment.check(snapDistance: snap, cellSize: cellSize) }
    }

    func run() throws {
        let (summary, timings) = try Assignment(database: try database.openExisting(), logger: CommandLogging.makeLogger(), progress: .terminal)
            .runTimed(cellSize: cellSize, snapDistance: snap, metricCRS: try metricCRS.value())
        if let reprojection = summary.reprojection, let crs = try metricCRS.value() {
            print(
                "re-projected from \(reprojection.previous.map(\.description) ?? "no metric CRS") into \(crs) (\(crs.name)): "
                    + "\(reprojection.sources) sources, \(reprojection.depots) depots, \(reprojection.areas) areas; "
                    + "\(reprojection.removedHotspotRuns) square-grid hot-spot runs removed")
        }
        print(summary.description)
        print(String(
            format: "%d sources changed; load %.2f s, point-in-polygon and cells %.2f s, write %.2f s",
            summary.changed, timings.load, timings.compute, timings.write))
    }
}
