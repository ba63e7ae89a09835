import Enforcement
import Foundation
import GeoKit
import Logging
import ParallelWork
import Store

/// `permitwatch ingest sources`: loads a list of sources (CSV, the fast path; a workbook's sheet
/// or a point layer through `SourceTableInput`), turns a dated snapshot's differences into
/// events, and assigns every source to its areas.
///
/// Bad rows reject the whole file unless `--on-error skip`: then the good rows are loaded and
/// the bad ones written to a rejects file (see `RejectsFile` for how the file and the load's
/// transaction go together). Columns that map to no field are kept as each source's
/// attributes (`--keep-columns none` drops them); a column that only shares a field's name is
/// kept as an attribute instead (`SourceFileReader`); a declared area (行政区划代码) is
/// checked against the placement (`DeclaredArea`).
public struct SourceIngest: Sendable {
    public struct Options: Sendable {
        /// What happens to a file with bad rows.
        public enum BadRows: String, Sendable, CaseIterable {
            /// The whole file is rejected and nothing is written (the default).
            case reject
            /// The good rows are loaded, the bad ones written to the rejects file.
            case skip
        }

        /// The declared system (`--crs`); nil: a point layer's own, else WGS-84.
        public var crs: CoordinateSystem?
        /// The sheet of a workbook, or the layer of a file with several (`--sheet`).
        public var sheet: String?
        /// The text encoding of a `.dbf` without `.cpg` (`--encoding`).
        public var encoding: String?
        /// The snapshot's date. With it, every difference from the stored register becomes an
        /// event of that date and sources the file no longer lists are marked removed. Without
        /// it, the file is merged as a baseline: added and updated, nothing removed, no events.
        public var asOf: String?
        /// The column of each field, by its flag (`--id-field` …); `none` turns a field off
        /// (not the id or the coordinates), so a column of its usual name is kept as an attribute.
        public var idField: String?
        public var nameField: String?
        public var lonField: String?
        public var latField: String?
        public var statusField: String?
        public var categoryField: String?
        public var industryField: String?
        public var usccField: String?
        public var deadlineField: String?
        public var statusDateField: String?
        public var declaredAreaField: String?
        public var defaultStatus: SourceStatus?
        public var snapDistance: Double = 500
        /// `--metric-crs`: the metric CRS for a store that has none yet (`MetricCRSChoice`).
        public var metricCRS: MetricCRS?
        public var onError: BadRows = .reject
        /// With `.skip`: more bad rows than this reject the whole file (the wrong file, most likely).
        public var maxErrors: Int?
        /// With `.skip`: where the rejected rows go; by default `NAME.rejects.csv` beside the input.
        public var rejectsFile: String?
        /// Whether columns that map to no field are kept as attributes (`--keep-columns all|none`).
        public var keepColumns = true
        /// Who loads the file, for the ingest log: an upload's token name (`POST /ingest/sources`).
        public var author: String?

        /// With `--on-error skip` and no `--max-errors`.
        public static let defaultMaxErrors = 1_000

        /// Whether a file that can be written while it is read is (`StreamingSourceLoad`);
        /// false reads it whole first. The tests compare the two.
        var writesWhileReading = true
        /// Rows a batch when written while read.
        var batchRows = StreamingSourceLoad.batchRows

        public init() {}

        /// Reads the flags that take words (`--on-error`, `--keep-columns`) and checks every
        /// flag of the ingest; nil keeps the default.
        ///
        /// - Throws: `ParameterError` naming the flag and what was expected.
        public mutating func parse(onError: String?, maxErrors: Int?, rejects: String?, keepColumns: String?) throws {
            if let onError {
                guard let value = BadRows(rawValue: onError.lowercased()) else {
                    throw ParameterError("on_error", onError, "expected reject (the whole file, the default) or skip (load the good rows)")
                }
                self.onError = value
            }
            if let keepColumns {
                switch keepColumns.lowercased() {
                case "all": self.keepColumns = true
                case "none": self.keepColumns = false
                default: throw ParameterError("keep_columns", keepColumns, "expected all (keep every column that maps to no field, the default) or none")
                }
            }
            self.maxErrors = maxErrors ?? self.maxErrors
            rejectsFile = rejects ?? rejectsFile
            try validate()
        }

        /// Checks values set in code as `parse` checks the user's.
        public func validate() throws {
            if let maxErrors {
                guard onError == .skip else { throw ParameterError("max_errors", String(maxErrors), "applies only with --on-error skip") }
                guard maxErrors >= 0 else { throw ParameterError("max_errors", String(maxErrors), "expected a whole number of rows from 0") }
            }
            if let rejectsFile {
                guard onError == .skip else { throw ParameterError("rejects", rejectsFile, "applies only with --on-error skip") }
                guard !rejectsFile.isEmpty else { throw ParameterError("rejects", rejectsFile, "expected a file name") }
            }
            for (field, value) in fieldFlags {
                guard let value else { continue }
                let flag = String(field.flag.dropFirst(2)).replacingOccurrences(of: "-", with: "_")
                if value.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw ParameterError(flag, value, "expected a column name, or none")
                }
                if value.lowercased() == "none" && !field.isOptional {
                    throw ParameterError(flag, value, "the \(field == .sourceID ? "id" : "coordinates") cannot be turned off; expected a column name")
                }
            }
        }

        /// Each field with what its flag says.
        var fieldFlags: [(SourceColumns.Field, String?)] {
            [
                (.sourceID, idField), (.name, nameField), (.lon, lonField), (.lat, latField), (.status, statusField),
                (.category, categoryField), (.industry, industryField), (.uscc, usccField), (.deadline, deadlineField),
                (.statusDate, statusDateField), (.declaredArea, declaredAreaField),
            ]
        }

        /// The rejects file: the one named, or `NAME.rejects.csv` beside the input `NAME.csv`.
        func rejectsPath(for input: String) -> String {
            if let rejectsFile { return rejectsFile }
            let url = URL(fileURLWithPath: input)
            let stem = url.pathExtension.isEmpty ? url.lastPathComponent : url.deletingPathExtension().lastPathComponent
            return url.deletingLastPathComponent().appendingPathComponent(stem + ".rejects.csv").path
        }
    }

    /// What the ingest did.
    public struct Report: Sendable {
        public var file: String
        public var encoding: String
        /// The file's rows, rejected ones included.
        public var rows: Int
        /// Rows loaded: `rows - rejected`.
        public var loaded: Int
        /// Rows left out (`--on-error skip`), written to `rejectsFile`.
        public var rejected: Int
        public var rejectsFile: String?
        public var added: Int
        public var updated: Int
        public var unchanged: Int
        public var removed: Int
        /// Stored sources whose row was rejected, kept as they were (never marked removed).
        public var keptRejected: Int
        /// Rejected rows that name no stored source (so nothing was added for them).
        public var rejectedNew: Int
        /// Rejected rows whose id could not be read; with any, a snapshot marks nothing removed.
        public var unidentifiedRejects: Int
        /// Sources a snapshot would have marked removed, held back because of `unidentifiedRejects`.
        public var removalsHeld: Int
        public var events: Int
        /// The columns kept as attributes (header names).
        public var attributeColumns: [String]
        public var warnings: [String]
        public var assignment: AssignmentSummary
        /// Seconds spent in each part: read, merge, assign, write.
        public var timings: [(part: String, seconds: Double)]

        /// What was done with the rejected rows, for the summary; nil when none was rejected.
        public var rejectedSummary: String? {
            guard rejected > 0 else { return nil }
            var text = "\(rejected) rows rejected, written to \(rejectsFile ?? "the rejects file")"
            if keptRejected > 0 { text += "; \(keptRejected) of them name sources on the register, kept as they were (not marked removed)" }
            if rejectedNew > 0 { text += "; \(rejectedNew) name no stored source, not added" }
            if unidentifiedRejects > 0 {
                text += "; \(unidentifiedRejects) have no readable id"
                if removalsHeld > 0 {
                    text += ", so the \(removalsHeld) sources this snapshot no longer lists were not marked removed (load the corrected rows to record removals)"
                }
            }
            return text
        }
    }

    /// The register, the areas its sources are placed in, and the metric CRS their x/y are in.
    public typealias Storage = SourceRegister & AreaStore & MetricCRSStore

    let database: any Storage
    let logger: Logger
    let progress: ProgressReporter

    public init(database: any Storage, logger: Logger, progress: ProgressReporter = .silent) {
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    public func run(file path: String, options: Options) throws -> Report {
        try options.validate()
        var clock = Stopwatch()
        let input = try open(path, options: options)
        // A CSV file into an empty register whose metric CRS is known is written while it is
        // read; anything else (a merge, a sheet, PROJ's conversion, a CRS still to choose) is
        // read whole first.
        if options.writesWhileReading, input.table == nil, input.knownCRS != nil, input.crs.isSupportedInProcess,
            try database.sourceCount() == 0
        {
            do {
                return try streamInto(path, input, options: options, clock: &clock)
            } catch is StreamingSourceLoad.Restart {
                // A column merely shares a field's name: every row is parsed again.
            }
        }
        return try readWhole(path, input, options: options, clock: &clock)
    }

    /// The file opened, the store's settings read and its areas loading on the other core:
    /// what either way of loading starts from.
    private struct Input {
        var table: SourceTableInput?
        var bytes: [UInt8]
        var crs: CoordinateSystem
        var readerOptions: SourceFileReader.Options
        /// The metric CRS when known before the file is read: the store's, or the one asked for.
        var knownCRS: MetricCRS?
        /// The assigner, built on the other core when `knownCRS` is known.
        var loadingAreas: BackgroundTask<Result<SourceAssigner?, any Error>>
        var asOf: String?
        var cellSize: Double
    }

    private func open(_ path: String, options: Options) throws -> Input {
        var readerOptions = Self.readerOptions(options)
        let throughGDAL = SourceTableInput.isNeeded(for: path)
        if !throughGDAL, let encoding = options.encoding {
            throw ParameterError("encoding", encoding, "a CSV file's encoding is detected (UTF-8 or GBK); --encoding is for a Shapefile's .dbf without .cpg")
        }
        let csvBytes = throughGDAL ? nil : try FileInput.read(path)
        let cellSize = try database.storedCellSize()
        // The metric CRS is known before the file is read unless the store has none and none
        // is asked for: then it is fitted to the file's points, once they are read.
        let storedCRS = try database.metricCRS()
        let knownCRS: MetricCRS? =
            storedCRS == nil && options.metricCRS == nil
            ? nil : try MetricCRSChoice.forIngest(stored: storedCRS, requested: options.metricCRS) { [] }
        readerOptions.metricCRS = knownCRS
        // The areas load on the other core while the file is read.
        let loadingAreas = BackgroundTask { [database] in
            Result {
                try knownCRS.map {
                    try AssignmentStep.makeAssigner(database, cellSize: cellSize, snapDistance: options.snapDistance, metricCRS: $0)
                }
            }
        }
        readerOptions.expectedExtent = try database.areaExtent()
        // A workbook or a point layer becomes the CSV text the reader checks (while the areas load).
        let table = try csvBytes == nil
            ? progress.step("reading \(path) through GDAL") {
                try SourceTableInput.read(path, sheet: options.sheet, encoding: options.encoding, crs: options.crs, choices: readerOptions.choices)
            }
            : nil
        for warning in table?.warnings ?? [] { logger.warning("\(path): \(warning)") }
        let crs = table?.crs ?? options.crs ?? .wgs84
        readerOptions.crs = crs
        if let asOf = options.asOf, DateText.normalize(asOf) == nil {
            throw RejectedInput(problems: [InputError(file: path, line: nil, field: "--as-of", message: "'\(asOf)' is not a date; expected YYYY-MM-DD")])
        }
        return Input(
            table: table, bytes: table?.bytes ?? csvBytes ?? [], crs: crs, readerOptions: readerOptions, knownCRS: knownCRS,
            loadingAreas: loadingAreas, asOf: options.asOf.flatMap(DateText.normalize), cellSize: cellSize)
    }

    /// Writes the rows while the other core reads and places them (`StreamingSourceLoad`).
    private func streamInto(_ path: String, _ input: Input, options: Options, clock: inout Stopwatch) throws -> Report {
        var timings: [(part: String, seconds: Double)] = []
        let reader = SourceFileReader(file: path, options: input.readerOptions)
        let document = try progress.step("reading \(path)") { try reader.open(bytes: input.bytes) }
        let columns = try reader.columns(of: document, setAside: [:])
        timings.append(("decode, find the rows", clock.lap()))
        guard let metricCRS = input.knownCRS else { preconditionFailure("streamed only when the metric CRS is known") }
        let rejectsPath = options.onError == .skip ? options.rejectsPath(for: path) : nil
        // Parsing starts at once; the first batches wait for the areas, still loading, to be placed.
        let load = StreamingSourceLoad(.init(
            reader: reader, document: document, columns: columns, areas: input.loadingAreas, asOf: input.asOf, metricCRS: metricCRS,
            rejectsPath: rejectsPath, crsDescription: input.crs.description, batchRows: options.batchRows, author: options.author))
        defer { load.stop() }
        try progress.step("reading, placing and writing \(document.rowCount) sources") {
            try database.replaceSources(streaming: load)
        }
        let total = clock.lap()
        timings.append(("read, check, place, insert (overlapped; the areas load meanwhile)", load.streamedSeconds))
        timings.append(("index, commit", total - load.streamedSeconds))
        let found = load.result
        let assigner = try input.loadingAreas.wait().get()
        logWarnings(found.warnings, of: path)
        if !found.rejections.rows.isEmpty {
            logger.warning("\(found.rejections.rows.count) of \(document.rowCount) rows of \(path) rejected, written to \(rejectsPath ?? "")")
        }
        var assignment = AssignmentSummary(
            found.counts, sources: found.loaded, baseLevel: assigner?.baseLevel, changed: found.loaded,
            cellSize: input.cellSize, snapDistance: options.snapDistance)
        assignment.locationMismatches = found.mismatches
        return Report(
            file: path, encoding: document.encoding.rawValue, rows: document.rowCount, loaded: found.loaded,
            rejected: found.rejections.rows.count, rejectsFile: rejectsPath, added: found.loaded, updated: 0, unchanged: 0, removed: 0,
            keptRejected: 0, rejectedNew: found.rejections.ids.count - found.rejectedButListed,
            unidentifiedRejects: found.rejections.unidentified, removalsHeld: 0, events: found.events,
            attributeColumns: columns.attributes.map(\.key), warnings: found.warnings.map(\.description),
            assignment: assignment, timings: timings)
    }

    /// Reads the whole file, merges it with the stored register, places every source, then
    /// writes the register.
    private func readWhole(_ path: String, _ input: Input, options: Options, clock: inout Stopwatch) throws -> Report {
        var timings: [(part: String, seconds: Double)] = []
        let table = input.table, crs = input.crs
        let reader = SourceFileReader(file: path, options: input.readerOptions)
        var parsed = try SourceTableInput.locating(table) {
            var parsed = try progress.step("reading \(path)") { try reader.read(bytes: input.bytes) }
            if let table {
                parsed.warnings = parsed.warnings.map(table.located)
                parsed.rejected = parsed.rejected.map(table.located)
            }
            if case .epsg = crs {
                parsed.records = try convertThroughPROJ(parsed, crs: crs, file: path, reader: reader)
            }
            return parsed
        }
        logWarnings(parsed.warnings, of: path)
        let knownCRS = input.knownCRS
        let metricCRS = try knownCRS ?? MetricCRSChoice.forIngest(stored: nil, requested: nil) { parsed.records.map(\.location) }
        if knownCRS == nil || !crs.isSupportedInProcess {
            // The reader projected nothing: the system was not known yet, or the points were
            // not WGS-84 until PROJ converted them.
            progress.step("projecting \(parsed.records.count) sources into \(metricCRS)") {
                for i in parsed.records.indices { parsed.records[i].projected = metricCRS.forward(parsed.records[i].location) }
            }
        }

        timings.append(("read, check, convert", clock.lap()))
        let assigner = try progress.step("loading areas") {
            // Without a metric CRS before, the store had no data: no areas to load.
            try input.loadingAreas.wait().get()
                ?? AssignmentStep.makeAssigner(database, cellSize: input.cellSize, snapDistance: options.snapDistance, metricCRS: metricCRS)
        }
        timings.append(("load areas (rest of)", clock.lap()))
        let stored = try database.fetchSources()
        // Hand the arrays over rather than share them: a shared array is copied on first write.
        let loadedCount = parsed.records.count
        let rowCount = loadedCount + parsed.rejected.count
        var merge = SnapshotMerge(
            stored: stored, incoming: parsed.records, asOf: input.asOf, keeping: parsed.rejectedIDs,
            holdingRemovals: parsed.unidentifiedRejects > 0)
        parsed.records = []

        timings.append(("merge with the register", clock.lap()))
        var records = merge.takeRecords()
        let (counts, mismatches) = assign(&records, with: assigner)
        timings.append(("assign", clock.lap()))

        let rejectsPath = options.onError == .skip ? options.rejectsPath(for: path) : nil
        let log = IngestLogEntry(
            kind: "sources", file: path, crs: table?.crsDescription ?? crs.description, asOf: input.asOf, rows: rowCount,
            warnings: parsed.warnings.count, rejected: parsed.rejected, rejectsFile: rejectsPath,
            attributeColumns: parsed.attributeColumns, metricCRS: metricCRS, author: options.author)
        let sourceCount = records.count
        try write(records, events: merge.events, log: log, rejected: parsed.rejected, to: rejectsPath)
        timings.append(("write, index, commit", clock.lap()))
        if !parsed.rejected.isEmpty {
            logger.warning("\(parsed.rejected.count) of \(rowCount) rows of \(path) rejected, written to \(rejectsPath ?? "")")
        }
        var assignment = AssignmentSummary(
            counts, sources: sourceCount, baseLevel: assigner.baseLevel, changed: sourceCount,
            cellSize: input.cellSize, snapDistance: options.snapDistance)
        assignment.locationMismatches = mismatches
        return Report(
            file: path, encoding: table?.reader ?? parsed.encoding.rawValue, rows: rowCount, loaded: loadedCount, rejected: parsed.rejected.count,
            rejectsFile: rejectsPath, added: merge.added, updated: merge.updated, unchanged: merge.unchanged, removed: merge.removed,
            keptRejected: merge.keptRejected, rejectedNew: parsed.rejectedIDs.count - merge.keptRejected - merge.rejectedButListed,
            unidentifiedRejects: parsed.unidentifiedRejects, removalsHeld: merge.removalsHeld, events: merge.events.count,
            attributeColumns: parsed.attributeColumns, warnings: parsed.warnings.map(\.description),
            assignment: assignment, timings: timings)
    }

    /// The first 20 warnings, then how many more.
    private func logWarnings(_ warnings: [InputError], of path: String) {
        for warning in warnings.prefix(20) { logger.warning("\(warning)") }
        if warnings.count > 20 { logger.warning("… and \(warnings.count - 20) more warnings in \(path)") }
    }

    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// What the reader is told of the user's flags.
    private static func readerOptions(_ options: Options) -> SourceFileReader.Options {
        var readerOptions = SourceFileReader.Options()
        readerOptions.defaultStatus = options.defaultStatus
        readerOptions.keepColumns = options.keepColumns
        readerOptions.skipBadRows = options.onError == .skip
        readerOptions.maxErrors = options.maxErrors ?? Options.defaultMaxErrors
        for (field, value) in options.fieldFlags {
            guard let value else { continue }
            readerOptions.choices[field] = value.lowercased() == "none" ? SourceColumns.Choice.ignored : .column(value)
        }
        return readerOptions
    }

    /// Places every record and checks it against the area it declares; the counts of the
    /// placements, and how many disagree with their declared area (nil when none declares one).
    private func assign(_ records: inout [SourceRecord], with assigner: SourceAssigner) -> (SourceAssigner.Counts, Int?) {
        var (assignments, counts) = progress.step("assigning \(records.count) sources") {
            assigner.assign(locations: records.map(\.location), projected: records.map(\.projected))
        }
        var declared: [Int: String] = [:]
        for i in records.indices { if let code = records[i].declaredAreaCode { declared[i] = code } }
        let mismatches = DeclaredAreaCheck.apply(declared, to: &assignments, areasLoaded: assigner.baseLevel != nil)
        for i in records.indices { records[i].assignment = assignments[i] }
        return (counts, mismatches)
    }

    /// Replaces the register in one transaction; with a rejects file, the file is written first
    /// and put in place only once the transaction is committed (`RejectsFile`).
    private func write(
        _ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry, rejected: [IngestLogEntry.RejectedRow], to rejectsPath: String?
    ) throws {
        try progress.step("writing \(records.count) sources") {
            if let rejectsPath {
                try RejectsFile.write(rejected, to: rejectsPath, committing: {
                    try database.replaceSources(records, events: events, log: log)
                })
            } else {
                try database.replaceSources(records, events: events, log: log)
            }
        }
    }

    /// Converts coordinates in a system only PROJ knows (`--crs epsg:N`) through
    /// `CoordinateConversion`, the one path of every ingest, then range-checks them as the
    /// reader does for the systems it converts itself.
    private func convertThroughPROJ(_ parsed: SourceFileReader.Result, crs: CoordinateSystem, file: String, reader: SourceFileReader) throws -> [SourceRecord] {
        let conversion = try CoordinateConversion.declared(crs, file: file)
        let converted = progress.step("converting from \(crs)") { conversion.toWGS84(parsed.records.map(\.location)) }
        var problems = ProblemList()
        var records = parsed.records
        for i in records.indices {
            guard let point = converted[i] else {
                problems.append(InputError(file: file, line: parsed.lines[i], field: "lon,lat", message: "cannot be converted from \(crs) to WGS-84"))
                continue
            }
            if let message = reader.rangeProblem(point) {
                problems.append(InputError(file: file, line: parsed.lines[i], field: "lon,lat", message: message + " after conversion from \(crs)"))
            }
            records[i].location = point
        }
        try problems.throwIfAny()
        return records
    }
}
