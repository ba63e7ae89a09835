import Enforcement
import Foundation
import GeoKit
import Logging
import ParallelWork
import Store

/// `permitwatch ingest sources`: loads a list of sources (CSV, the fast path; a workbook's sheet
/// or a point layer through `SourceTableInput`), turns a dated snapshot's differences into
/// events, and assigns every source to its areas.
public struct SourceIngest: Sendable {
    public struct Options: Sendable {
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
        public var idField: String?
        public var nameField: String?
        public var lonField: String?
        public var latField: String?
        public var statusField: String?
        public var defaultStatus: SourceStatus?
        public var snapDistance: Double = 500

        public init() {}
    }

    /// What the ingest did.
    public struct Report: Sendable {
        public var file: String
        public var encoding: String
        public var rows: Int
        public var added: Int
        public var updated: Int
        public var unchanged: Int
        public var removed: Int
        public var events: Int
        public var warnings: [String]
        public var assignment: AssignmentSummary
        /// Seconds spent in each part: read, merge, assign, write.
        public var timings: [(part: String, seconds: Double)]
    }

    /// The register and the areas its sources are placed in.
    public typealias Storage = SourceRegister & AreaStore

    let database: any Storage
    let logger: Logger
    let progress: ProgressReporter

    public init(database: any Storage, logger: Logger, progress: ProgressReporter = .silent) {
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    public func run(file path: String, options: Options) throws -> Report {
        var clock = Stopwatch()
        var timings: [(part: String, seconds: Double)] = []
        var readerOptions = SourceFileReader.Options()
        readerOptions.defaultStatus = options.defaultStatus
        for (field, value) in [
            (SourceColumns.Field.sourceID, options.idField), (.name, options.nameField), (.lon, options.lonField),
            (.lat, options.latField), (.status, options.statusField),
        ] {
            if let value { readerOptions.overrides[field] = value }
        }
        let throughGDAL = SourceTableInput.isNeeded(for: path)
        if !throughGDAL, let encoding = options.encoding {
            throw ParameterError("encoding", encoding, "a CSV file's encoding is detected (UTF-8 or GBK); --encoding is for a Shapefile's .dbf without .cpg")
        }
        let csvBytes = throughGDAL ? nil : try FileInput.read(path)
        let cellSize = try database.storedCellSize()
        // The areas load on the other core while the file is read.
        let loadingAreas = BackgroundTask { [database] in
            Result { try AssignmentStep.makeAssigner(database, cellSize: cellSize, snapDistance: options.snapDistance) }
        }
        readerOptions.expectedExtent = try database.areaExtent()
        // A workbook or a point layer becomes the CSV text the reader checks (while the areas load).
        let table = try csvBytes == nil
            ? progress.step("reading \(path) through GDAL") {
                try SourceTableInput.read(path, sheet: options.sheet, encoding: options.encoding, crs: options.crs, overrides: readerOptions.overrides)
            }
            : nil
        for warning in table?.warnings ?? [] { logger.warning("\(path): \(warning)") }
        let bytes = table?.bytes ?? csvBytes ?? []
        let crs = table?.crs ?? options.crs ?? .wgs84
        readerOptions.crs = crs
        if let asOf = options.asOf, DateText.normalize(asOf) == nil {
            throw RejectedInput(problems: [InputError(file: path, line: nil, field: "--as-of", message: "'\(asOf)' is not a date; expected YYYY-MM-DD")])
        }
        let asOf = options.asOf.flatMap(DateText.normalize)

        let reader = SourceFileReader(file: path, options: readerOptions)
        var parsed = try SourceTableInput.locating(table) {
            var parsed = try progress.step("reading \(path)") { try reader.read(bytes: bytes) }
            if let table { parsed.warnings = parsed.warnings.map(table.located) }
            if case .epsg = crs {
                parsed.records = try convertThroughPROJ(parsed, crs: crs, file: path, reader: reader)
            }
            return parsed
        }
        for warning in parsed.warnings.prefix(20) { logger.warning("\(warning)") }
        if parsed.warnings.count > 20 { logger.warning("… and \(parsed.warnings.count - 20) more warnings in \(path)") }

        timings.append(("read, check, convert", clock.lap()))
        let assigner = try progress.step("loading areas") { try loadingAreas.wait().get() }
        timings.append(("load areas (rest of)", clock.lap()))
        let stored = try database.fetchSources()
        // Hand the arrays over rather than share them: a shared array is copied on first write.
        let rowCount = parsed.records.count
        var merge = SnapshotMerge(stored: stored, incoming: parsed.records, asOf: asOf)
        parsed.records = []

        timings.append(("merge with the register", clock.lap()))
        var records = merge.takeRecords()
        let (assignments, counts) = progress.step("assigning \(records.count) sources") {
            assigner.assign(locations: records.map(\.location), projected: records.map(\.projected))
        }
        for i in records.indices { records[i].assignment = assignments[i] }
        timings.append(("assign", clock.lap()))

        let log = IngestLogEntry(
            kind: "sources", file: path, crs: table?.crsDescription ?? crs.description, asOf: asOf, rows: rowCount,
            warnings: parsed.warnings.count)
        let sourceCount = records.count
        try progress.step("writing \(sourceCount) sources") {
            try database.replaceSources(records, events: merge.events, log: log)
        }
        timings.append(("write, index, commit", clock.lap()))
        return Report(
            file: path, encoding: table?.reader ?? parsed.encoding.rawValue, rows: rowCount, added: merge.added,
            updated: merge.updated, unchanged: merge.unchanged, removed: merge.removed, events: merge.events.count,
            warnings: parsed.warnings.map(\.description),
            assignment: AssignmentSummary(
                counts, sources: sourceCount, baseLevel: assigner.baseLevel, changed: sourceCount,
                cellSize: cellSize, snapDistance: options.snapDistance),
            timings: timings)
    }

    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

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
            records[i].projected = GaussKruger.epsg4547.forward(point)
        }
        try problems.throwIfAny()
        return records
    }
}
