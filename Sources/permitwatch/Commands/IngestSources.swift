import ArgumentParser
import Enforcement
import GeoKit
import PermitWatch

extension SourceStatus: ExpressibleByArgument {}

/// `permitwatch ingest sources`: a CSV list of sources, optionally as a dated snapshot.
struct IngestSources: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Load a CSV list of sources; with --as-of, turn its differences from the register into events.",
        discussion: """
            Columns are found by name, case-insensitively: source_id/id/编号, name/名称, \
            lon/lng/longitude/x/经度, lat/latitude/y/纬度, status/状态, category, industry, uscc, \
            deadline, status_date. Statuses in English or Chinese (permitted/排污许可, \
            registered/登记, rectifying/限期整改, special/特殊情形, unlicensed/无证). UTF-8 with or \
            without BOM; GBK is detected and decoded. A USCC with a wrong check character is a \
            warning, never a rejection.

            With --as-of DATE the file is a snapshot: new sources, status changes and sources no \
            longer listed become events dated DATE; the same snapshot twice adds nothing. \
            Without it the file is merged as a baseline (no events, nothing removed).

            Example: permitwatch ingest sources nj.csv --id-field PWSID --lon-field FAC_LONG --lat-field FAC_LAT --default-status registered
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("CSV file.", valueName: "file"))
    var file: String

    @Option(name: .long, help: crsHelp)
    var crs: CoordinateSystem = .wgs84

    @Option(name: .long, help: ArgumentHelp("The snapshot's date (YYYY-MM-DD).", valueName: "date"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the source id.", valueName: "column"))
    var idField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the name.", valueName: "column"))
    var nameField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the longitude.", valueName: "column"))
    var lonField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the latitude.", valueName: "column"))
    var latField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the status.", valueName: "column"))
    var statusField: String?

    @Option(name: .long, help: "Status for rows without one (or for a file with no status column).")
    var defaultStatus: SourceStatus?

    @Option(name: .long, help: ArgumentHelp("Snap distance in metres for points in no town.", valueName: "metres"))
    var snap: Double = 500

    @OptionGroup var metricCRS: MetricCRSOptions

    func validate() throws {
        try checkingUsage { try Assignment.check(snapDistance: snap, cellSize: nil) }
    }

    func run() throws {
        var options = SourceIngest.Options()
        options.crs = crs
        options.asOf = asOf
        options.idField = idField
        options.nameField = nameField
        options.lonField = lonField
        options.latField = latField
        options.statusField = statusField
        options.defaultStatus = defaultStatus
        options.snapDistance = snap
        options.metricCRS = try metricCRS.value()
        let report = try SourceIngest(database: try database.openForWriting(), logger: CommandLogging.makeLogger(), progress: .terminal)
            .run(file: file, options: options)
        print("loaded \(report.rows) sources from \(file) (\(report.encoding)): \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged, \(report.removed) removed; \(report.events) events; \(report.warnings.count) warnings")
        print(report.assignment.description)
        printError("where the time went: " + report.timings.map { "\($0.part) " + String(format: "%.2f s", $0.seconds) }.joined(separator: "; "))
    }
}
