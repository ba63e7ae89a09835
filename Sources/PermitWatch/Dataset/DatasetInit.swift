import Enforcement
import Foundation
import GeoKit
import Logging
import ProvinceGenerator
import Store

/// `permitwatch init`: creates the database and loads a whole dataset directory into it.
public struct DatasetInit: Sendable {
    /// Everything a whole dataset loads into.
    public typealias Storage = AreaIngest.Storage & SourceIngest.Storage & DepotIngest.Storage & StoreMaintenance

    let database: any Storage
    let logger: Logger
    let progress: ProgressReporter

    public init(database: any Storage, logger: Logger, progress: ProgressReporter = .silent) {
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    /// One loaded step and how long it took.
    public struct Step: Sendable {
        public var name: String
        public var detail: String
        public var seconds: Double
    }

    /// Where the default dataset is generated when `init` is given no directory:
    /// `$PERMITWATCH_DATA`, else the user's cache directory.
    public static var defaultDatasetDirectory: URL {
        if let explicit = ProcessInfo.processInfo.environment["PERMITWATCH_DATA"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let cache = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("permitwatch/guangdong-2020")
    }

    /// Generates the default dataset into `directory` unless a complete one is already there.
    public static func ensureDefaultDataset(at directory: URL, progress: ProgressReporter) throws -> Bool {
        let manifest = directory.appendingPathComponent("dataset.json")
        if FileManager.default.fileExists(atPath: manifest.path) { return false }
        progress.report("generating the default dataset in \(directory.path)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = try ProvinceGenerator(options: GeneratorOptions()).write(to: directory) { progress.report($0) }
        return true
    }

    /// - Parameter metricCRS: `--metric-crs`; nil: the first file loaded chooses one from its data.
    public func run(directory: URL, snapDistance: Double = 500, metricCRS: MetricCRS? = nil) throws -> [Step] {
        let manifest = try DatasetManifest.load(directory: directory)
        var steps: [Step] = []
        var clock = Stopwatch()
        func path(_ file: String) -> String { directory.appendingPathComponent(file).path }

        for level in AreaLevel.allCases {
            guard let file = manifest.areaFiles[level], FileManager.default.fileExists(atPath: path(file)) else { continue }
            var options = AreaIngest.Options(level: level)
            options.crs = manifest.crs
            options.reassign = false
            options.metricCRS = metricCRS
            let report = try AreaIngest(database: database, logger: logger, progress: progress).run(file: path(file), options: options)
            steps.append(Step(name: "areas:\(level.rawValue)", detail: "\(report.areas) areas, \(report.repaired) repaired", seconds: clock.lap()))
        }
        if let file = manifest.sources, FileManager.default.fileExists(atPath: path(file)) {
            var options = SourceIngest.Options()
            options.crs = manifest.crs
            options.snapDistance = snapDistance
            options.metricCRS = metricCRS
            let report = try SourceIngest(database: database, logger: logger, progress: progress).run(file: path(file), options: options)
            steps.append(Step(name: "sources", detail: "\(report.assignment.description); \(report.warnings.count) warnings", seconds: clock.lap()))
        }
        if let file = manifest.events, FileManager.default.fileExists(atPath: path(file)) {
            let report = try EventIngest(database: database, logger: logger, progress: progress).run(file: path(file))
            steps.append(Step(name: "events", detail: "\(report.events) events", seconds: clock.lap()))
        }
        if let file = manifest.depots, FileManager.default.fileExists(atPath: path(file)) {
            let count = try DepotIngest(database: database, logger: logger).run(file: path(file), crs: manifest.crs, metricCRS: metricCRS)
            steps.append(Step(name: "depots", detail: "\(count) depots", seconds: clock.lap()))
        }
        if steps.isEmpty {
            throw RejectedInput(problems: [InputError(file: directory.path, line: nil, field: nil, message: "no dataset files found; expected dataset.json or prefectures.geojson, towns.geojson, sources.csv, …")])
        }
        try database.checkpoint()
        return steps
    }
}

extension DatasetInit {
    /// What `create` did, for the command's report.
    public struct Creation: Sendable {
        /// The dataset directory loaded.
        public var directory: URL
        /// Whether the default dataset had to be generated first.
        public var generated: Bool
        public var steps: [Step]
        public var seconds: Double
        /// The metric CRS the store was made in (given, or fitted to the data).
        public var metricCRS: MetricCRS?
    }

    /// `permitwatch init`, and `serve` with no database yet: creates the store at `location`
    /// and loads a dataset directory into it (nil: the default dataset, generated first when
    /// missing).
    ///
    /// - Parameter replacing: replace an existing store (`--force`); without it an existing
    ///   store is refused, so a typo never overwrites a register.
    public static func create(
        at location: any StoreLocation, from directory: URL?, replacing: Bool, snapDistance: Double, metricCRS: MetricCRS? = nil,
        logger: Logger, progress: ProgressReporter
    ) throws -> Creation {
        try Assignment.check(snapDistance: snapDistance, cellSize: nil)
        if location.exists && !replacing {
            throw ParameterError(
                "db", location.description, "already exists; pass --force to replace it, or use `permitwatch ingest` to add to it")
        }
        var generated = false
        let source: URL
        if let directory {
            source = directory
        } else {
            source = defaultDatasetDirectory
            generated = try ensureDefaultDataset(at: source, progress: progress)
        }
        var clock = Stopwatch()
        var steps: [Step] = []
        var chosen: MetricCRS?
        // Built aside and put in place only when every file loaded: a rejected file leaves
        // the location as it was (with --force, the old database stays until then).
        try location.create { store in
            steps = try DatasetInit(database: store, logger: logger, progress: progress)
                .run(directory: source, snapDistance: snapDistance, metricCRS: metricCRS)
            chosen = try store.metricCRS()
        }
        return Creation(directory: source, generated: generated, steps: steps, seconds: clock.lap(), metricCRS: chosen)
    }
}
