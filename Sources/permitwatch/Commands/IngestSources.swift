import ArgumentParser
import Enforcement
import GeoKit
import PermitWatch

extension SourceStatus: ExpressibleByArgument {}

/// `permitwatch ingest sources`: a list of sources (CSV, a workbook, a point layer), optionally
/// as a dated snapshot.
struct IngestSources: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Load a list of sources (CSV, XLSX/XLS/ODS, point Shapefile/GeoPackage); with --as-of, turn its differences from the register into events.",
        discussion: """
            Columns are found by name, case-insensitively: source_id/id/编号, name/名称, \
            lon/lng/longitude/x/经度, lat/latitude/y/纬度, status/状态, category, industry, uscc, \
            deadline, status_date. Statuses in English or Chinese (permitted/排污许可, \
            registered/登记, rectifying/限期整改, special/特殊情形, unlicensed/无证). UTF-8 with or \
            without BOM; GBK is detected and decoded. A USCC with a wrong check character is a \
            warning, never a rejection.

            A workbook (XLSX, XLS, ODS; --sheet names the sheet) is read as the CSV would be: \
            title rows above the header are skipped (the header is the first row with the id, \
            longitude and latitude columns), and problems name the sheet and its row. A point \
            layer (Shapefile, GeoPackage; --sheet names the layer) gives its points as lon, lat, \
            converted from its own coordinate system (.prj, GeoPackage SRS) unless --crs says \
            otherwise; --encoding is the text encoding of a .dbf without .cpg.

            With --as-of DATE the file is a snapshot: new sources, status changes and sources no \
            longer listed become events dated DATE; the same snapshot twice adds nothing. \
            Without it the file is merged as a baseline (no events, nothing removed).

            Bad rows reject the whole file (nothing is written) unless --on-error skip: then the \
            good rows are loaded and each bad row goes to the rejects file (line,row,field,reason; \
            --rejects FILE, by default NAME.rejects.csv beside the input), committed with the load; \
            more than --max-errors bad rows (default 1000) still reject the whole file.

            Columns that map to no field are kept as each source's attributes (JSON, original \
            header names; --keep-columns none drops them). Every field's column can be named by \
            its flag, or turned off with none. A column that only shares a field's name (a \
            category column of air/water) is kept as an attribute, with a warning.

            A declared area (行政区划代码/区划代码, or --declared-area-field) is compared with \
            where each source is placed; the sources outside it are counted and listed by \
            `permitwatch query location-mismatches`.

            Example: permitwatch ingest sources nj.csv --id-field PWSID --lon-field FAC_LONG --lat-field FAC_LAT --default-status registered
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("CSV, XLSX, XLS, ODS, point Shapefile (.shp) or GeoPackage.", valueName: "file"))
    var file: String

    @Option(name: .long, help: crsOverrideHelp)
    var crs: CoordinateSystem?

    @Option(name: [.customLong("sheet"), .customLong("layer")], help: ArgumentHelp("The sheet of a workbook, or the layer of a file with several.", valueName: "name"))
    var sheet: String?

    @Option(name: .long, help: ArgumentHelp("The text encoding of a Shapefile's .dbf without a .cpg (e.g. GBK).", valueName: "encoding"))
    var encoding: String?

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

    @Option(name: .long, help: ArgumentHelp("Column holding the management category, or none.", valueName: "column"))
    var categoryField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the industry code, or none.", valueName: "column"))
    var industryField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the USCC, or none.", valueName: "column"))
    var usccField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the rectification deadline, or none.", valueName: "column"))
    var deadlineField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the status date, or none.", valueName: "column"))
    var statusDateField: String?

    @Option(name: .long, help: ArgumentHelp("Column holding the declared area's code (行政区划代码), or none.", valueName: "column"))
    var declaredAreaField: String?

    @Option(name: .long, help: ArgumentHelp("reject: a bad row rejects the whole file (default); skip: load the good rows, write the bad ones to --rejects.", valueName: "reject|skip"))
    var onError: String?

    @Option(name: .long, help: ArgumentHelp("With --on-error skip: more bad rows than this reject the whole file (default 1000).", valueName: "n"))
    var maxErrors: Int?

    @Option(name: .long, help: ArgumentHelp("With --on-error skip: the rejects file (default NAME.rejects.csv beside the input).", valueName: "file"))
    var rejects: String?

    @Option(name: .long, help: ArgumentHelp("all: keep columns that map to no field as attributes (default); none: drop them.", valueName: "all|none"))
    var keepColumns: String?

    @Option(name: .long, help: "Status for rows without one (or for a file with no status column).")
    var defaultStatus: SourceStatus?

    @Option(name: .long, help: ArgumentHelp("Snap distance in metres for points in no town.", valueName: "metres"))
    var snap: Double = 500

    @OptionGroup var metricCRS: MetricCRSOptions

    func validate() throws {
        try checkingUsage { try Assignment.check(snapDistance: snap, cellSize: nil) }
        _ = try options()
    }

    func options() throws -> SourceIngest.Options {
        var options = SourceIngest.Options()
        options.crs = crs
        options.sheet = sheet
        options.encoding = encoding
        options.asOf = asOf
        options.idField = idField
        options.nameField = nameField
        options.lonField = lonField
        options.latField = latField
        options.statusField = statusField
        options.categoryField = categoryField
        options.industryField = industryField
        options.usccField = usccField
        options.deadlineField = deadlineField
        options.statusDateField = statusDateField
        options.declaredAreaField = declaredAreaField
        options.defaultStatus = defaultStatus
        options.snapDistance = snap
        options.metricCRS = try checkingUsage { try metricCRS.value() }
        try checkingUsage { try options.parse(onError: onError, maxErrors: maxErrors, rejects: rejects, keepColumns: keepColumns) }
        return options
    }

    func run() throws {
        let report = try SourceIngest(database: try database.openForWriting(), logger: CommandLogging.makeLogger(), progress: .terminal)
            .run(file: file, options: try options())
        let rows = report.rejected > 0 ? "\(report.loaded) of \(report.rows) rows" : "\(report.rows) sources"
        print("loaded \(rows) from \(file) (\(report.encoding)): \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged, \(report.removed) removed; \(report.events) events; \(report.warnings.count) warnings")
        if let rejected = report.rejectedSummary { print(rejected) }
        if !report.attributeColumns.isEmpty {
            print("kept \(report.attributeColumns.count) other columns as attributes: \(report.attributeColumns.prefix(12).joined(separator: ", "))\(report.attributeColumns.count > 12 ? ", …" : "")")
        }
        print(report.assignment.description)
        printError("where the time went: " + report.timings.map { "\($0.part) " + String(format: "%.2f s", $0.seconds) }.joined(separator: "; "))
    }
}
