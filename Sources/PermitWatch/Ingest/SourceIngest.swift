import Enforcement
import Foundation
import GeoKit
import Logging
import ParallelWork
import Store

/// `permitwatch ingest sources`: loads a CSV list of sources, turns a dated snapshot's
/// differences into events, and assigns every source to its areas.
public struct SourceIngest: Sendable {
    public struct Options: Sendable {
        public var crs: CoordinateSystem = .wgs84
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
        /// `--metric-crs`: the metric CRS for a store that has none yet (`MetricCRSChoice`).
        public var metricCRS: MetricCRS?

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

    /// The register, the areas its sources are placed in, PROJ for `--crs epsg:N`, and the
    /// metric CRS their x/y are in.
    public typealias Storage = SourceRegister & AreaStore & CoordinateTransforming & MetricCRSStore

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
        let bytes = try FileInput.read(path)
        var readerOptions = SourceFileReader.Options()
        readerOptions.crs = options.crs
        readerOptions.defaultStatus = options.defaultStatus
        for (field, value) in [
            (SourceColumns.Field.sourceID, options.idField), (.name, options.nameField), (.lon, options.lonField),
            (.lat, options.latField), (.status, options.statusField),
        ] {
            if let value { readerOptions.overrides[field] = value }
        }
        let cellSize = try database.storedCellSize()
        // The metric CRS is known before the file is read unless the store has none and none
        // is asked for: then it is fitted to the file's points, once they are read.
        let storedCRS = try database.metricCRS()
        let knownCRS = try (storedCRS ?? options.metricCRS).map { _ in
            try MetricCRSChoice.forIngest(stored: storedCRS, requested: options.metricCRS) { [] }
        }
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
        if let asOf = options.asOf, DateText.normalize(asOf) == nil {
            throw RejectedInput(problems: [InputError(file: path, line: nil, field: "--as-of", message: "'\(asOf)' is not a date; expected YYYY-MM-DD")])
        }
        let asOf = options.asOf.flatMap(DateText.normalize)

        let reader = SourceFileReader(file: path, options: readerOptions)
        var parsed = try progress.step("reading \(path)") { try reader.read(bytes: bytes) }
        for warning in parsed.warnings.prefix(20) { logger.warning("\(warning)") }
        if parsed.warnings.count > 20 { logger.warning("… and \(parsed.warnings.count - 20) more warnings in \(path)") }
        if case .epsg(let srid) = options.crs {
            parsed.records = try convertThroughPROJ(parsed, srid: srid, file: path, reader: reader)
        }
        let metricCRS = try knownCRS ?? MetricCRSChoice.forIngest(stored: nil, requested: nil) { parsed.records.map(\.location) }
        if knownCRS == nil || !options.crs.isSupportedInProcess {
            // The reader projected nothing: the system was not known yet, or the points were
            // not WGS-84 until PROJ converted them.
            progress.step("projecting \(parsed.records.count) sources into \(metricCRS)") {
                for i in parsed.records.indices { parsed.records[i].projected = metricCRS.forward(parsed.records[i].location) }
            }
        }

        timings.append(("read, check, convert", clock.lap()))
        let assigner = try progress.step("loading areas") {
            // Without a metric CRS before, the store had no data: no areas to load.
            try loadingAreas.wait().get()
                ?? AssignmentStep.makeAssigner(database, cellSize: cellSize, snapDistance: options.snapDistance, metricCRS: metricCRS)
        }
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
            kind: "sources", file: path, crs: options.crs.description, asOf: asOf, rows: rowCount,
            warnings: parsed.warnings.count, metricCRS: metricCRS)
        let sourceCount = records.count
        try progress.step("writing \(sourceCount) sources") {
            try database.replaceSources(records, events: merge.events, log: log)
        }
        timings.append(("write, index, commit", clock.lap()))
        return Report(
            file: path, encoding: parsed.encoding.rawValue, rows: rowCount, added: merge.added,
            updated: merge.updated, unchanged: merge.unchanged, removed: merge.removed, events: merge.events.count,
            warnings: parsed.warnings.map(\.description),
            assignment: AssignmentSummary(
                counts, sources: sourceCount, baseLevel: assigner.baseLevel, changed: sourceCount,
                cellSize: cellSize, snapDistance: options.snapDistance),
            timings: timings)
    }

    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// Converts coordinates in a system only PROJ knows (`--crs epsg:N`) through the store, then
    /// range-checks them as the reader does for the systems it converts itself.
    private func convertThroughPROJ(_ parsed: SourceFileReader.Result, srid: Int, file: String, reader: SourceFileReader) throws -> [SourceRecord] {
        guard try database.isKnownSRID(srid) else {
            throw RejectedInput(problems: [InputError(file: file, line: nil, field: "--crs", message: "epsg:\(srid) is not a coordinate system SpatiaLite knows")])
        }
        let converted = try progress.step("converting from EPSG:\(srid)") {
            try database.transformToWGS84(parsed.records.map(\.location), fromEPSG: srid)
        }
        var problems = ProblemList()
        var records = parsed.records
        for i in records.indices {
            if let message = reader.rangeProblem(converted[i]) {
                problems.append(InputError(file: file, line: parsed.lines[i], field: "lon,lat", message: message + " after conversion from EPSG:\(srid)"))
            }
            records[i].location = converted[i]
        }
        try problems.throwIfAny()
        return records
    }
}
