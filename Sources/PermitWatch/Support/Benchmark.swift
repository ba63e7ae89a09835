import Enforcement
import FileWriting
import Foundation
import GeoKit
import Logging
import ProvinceGenerator
import Store

/// The full-province benchmark: every stage of the data spine, timed, with its peak memory.
public struct Benchmark: Sendable {
    public struct Stage: Sendable {
        public var name: String
        public var seconds: Double
        public var peakBytes: Int
        public var detail: String
    }

    public var workDirectory: URL
    public var sources: Int
    public var seed: UInt64
    /// Skip generation, ingest and assignment: time only the read side (queries, exports,
    /// analytics) on the database an earlier run left in `workDirectory`.
    public var readsOnly: Bool
    /// The store at a path: the benchmark creates and opens its databases through it.
    let storeAt: @Sendable (String) -> any StoreLocation

    public init(
        workDirectory: URL, sources: Int = 661_494, seed: UInt64 = 2020, readsOnly: Bool = false,
        storeAt: @escaping @Sendable (String) -> any StoreLocation
    ) {
        self.storeAt = storeAt
        self.workDirectory = workDirectory
        self.sources = sources
        self.seed = seed
        self.readsOnly = readsOnly
    }

    /// Runs every stage in order, calling `report` as each finishes.
    public func run(logger: Logger, report: @escaping (Stage) -> Void) throws -> [Stage] {
        let log = StageLog(report: report)
        let location = storeAt(workDirectory.appendingPathComponent("benchmark.sqlite").path)
        let database: any EnforcementStore
        if readsOnly {
            guard location.exists else {
                throw StoreError(message: "\(location): no database from an earlier benchmark run to read")
            }
            database = try location.openExisting()
        } else {
            database = try spine(location: location, logger: logger, log: log)
        }
        try reads(database: database, location: location, log: log)
        return log.stages
    }

    /// Generation, ingest, assignment and a summary: the stages that build the database.
    private func spine(location: any StoreLocation, logger: Logger, log: StageLog) throws -> any EnforcementStore {
        let dataset = workDirectory.appendingPathComponent("dataset")
        try? FileManager.default.removeItem(at: dataset)
        try location.remove()
        try FileManager.default.createDirectory(at: dataset, withIntermediateDirectories: true)
        try generate(into: dataset, log: log)
        let database = try load(dataset, into: location, logger: logger, log: log)
        try assign(database, logger: logger, log: log)
        return database
    }

    /// The default dataset, and the GeoJSON reader alone on its largest boundary file.
    private func generate(into dataset: URL, log: StageLog) throws {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        try measure("generate") {
            let summary = try ProvinceGenerator(options: GeneratorOptions(sources: sources, seed: seed)).write(to: dataset)
            return ((), "\(summary)".split(separator: "\n").first.map(String.init) ?? "")
        }

        // The GeoJSON reader alone, on the largest boundary file (the grids): JSON parse, then
        // the polygons read from the tree; the best of three.
        try measure("parse grids.geojson (JSON, then GeoJSON polygons)") {
            let bytes = try FileInput.read(dataset.appendingPathComponent("grids.geojson").path)
            var parse = Double.infinity, read = Double.infinity, features = 0
            for _ in 0..<3 {
                var clock = Stopwatch()
                let document = try JSONParser().parse(bytes)
                parse = min(parse, clock.lap())
                features = try GeoJSONReader(requiring: .polygonal).features(in: document).count
                read = min(read, clock.lap())
            }
            return ((), String(format: "%d features, %.1f MB: parse %.3f s, polygons %.3f s (best of 3)",
                               features, Double(bytes.count) / 1e6, parse, read))
        }

    }

    /// `init`'s stages, each timed, then their sum.
    private func load(_ dataset: URL, into location: any StoreLocation, logger: Logger, log: StageLog) throws -> any EnforcementStore {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        var stages: [Stage] { log.stages }
        var initClock = Stopwatch()
        let initFirstStage = stages.count
        let database = try measure("open + schema") { (try location.openForWriting(), "new database") }
        let manifest = try DatasetManifest.load(directory: dataset)
        for level in AreaLevel.allCases {
            guard let file = manifest.areaFiles[level] else { continue }
            try measure("ingest areas:\(level.rawValue)") {
                var options = AreaIngest.Options(level: level)
                options.reassign = false
                let r = try AreaIngest(database: database, logger: logger).run(file: dataset.appendingPathComponent(file).path, options: options)
                return ((), "\(r.areas) areas")
            }
        }
        let sourceTimings = try measure("ingest sources (parse, assign, write, index)") {
            let r = try SourceIngest(database: database, logger: logger)
                .run(file: dataset.appendingPathComponent(manifest.sources ?? "sources.csv").path, options: SourceIngest.Options())
            return (r.timings, "\(r.rows) sources; \(r.assignment.inside) inside, \(r.assignment.snapped) snapped, \(r.assignment.unassigned) unassigned")
        }
        for part in sourceTimings {
            log.append(Stage(name: "  sources: \(part.part)", seconds: part.seconds, peakBytes: 0, detail: ""))
        }
        // The ingest's commit leaves its WAL for the next checkpoint: time the write-back here.
        try measure("checkpoint after sources") { (try database.checkpoint(), "WAL written back") }
        try measure("ingest events") {
            let r = try EventIngest(database: database, logger: logger).run(file: dataset.appendingPathComponent(manifest.events ?? "events.csv").path)
            return ((), "\(r.events) events")
        }
        try measure("ingest depots") {
            let n = try DepotIngest(database: database, logger: logger).run(file: dataset.appendingPathComponent(manifest.depots ?? "depots.csv").path)
            return ((), "\(n) depots")
        }
        try measure("checkpoint") { (try database.checkpoint(), "WAL written back") }
        let initSeconds = initClock.lap()
        log.append(Stage(
            name: "init end to end (the stages above from open)", seconds: initSeconds,
            peakBytes: stages[initFirstStage...].map(\.peakBytes).max() ?? 0, detail: ""))

        return database
    }

    /// Re-assignment: the same cell size (nothing changes), then another (every row rewritten).
    private func assign(_ database: any EnforcementStore, logger: Logger, log: StageLog) throws {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        let timings = try measure("assign (re-run: load + compute + write)") {
            let (summary, timings) = try Assignment(database: database, logger: logger).runTimed(cellSize: 1000)
            return (timings, "\(summary.changed) changed")
        }
        let computeStage = Stage(name: "assign: point-in-polygon + cells only", seconds: timings.compute, peakBytes: 0,
                                 detail: String(format: "load %.2f s, write %.2f s", timings.load, timings.write))
        log.append(computeStage)
        try measure("assign with a new cell size (every row rewritten)") {
            let (summary, _) = try Assignment(database: database, logger: logger).runTimed(cellSize: 500)
            return ((), "\(summary.changed) changed")
        }
        try measure("summary --by town") {
            let rows = try database.summary(by: .area(.town))
            return ((), "\(rows.count) rows")
        }
    }

    /// Catalog queries, the export, and the analytics: what planners and the server run.
    private func reads(database: any EnforcementStore, location: any StoreLocation, log: StageLog) throws {
        let readOnly = try location.openReadOnly()
        try measureQueries(readOnly, log: log)
        try measureExport(readOnly, log: log)
        try measureAlgorithms(database, log: log)
        try measureAnalytics(database, log: log)
        try measureWeeklyReport(database: database) { name, body in try log.measure(name, body) }
    }

    /// Catalog queries, through the same read-only runner as `permitwatch query`.
    private func measureQueries(_ readOnly: any EnforcementStore, log: StageLog) throws {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        func report(_ stage: Stage) { log.append(stage) }
        let runner = QueryRunner(database: readOnly)
        let catalog = try QueryCatalog()
        let queries: [(name: String, parameters: [String: String], repeats: Int)] = [
            ("unlicensed-by-grid", [:], 3),
            ("unlicensed-by-grid", ["grid": "square"], 3),
            ("sources-near", ["at": "113.30,23.12", "radius": "2000"], 20),
            ("sources-in-bbox", ["bbox": "113.25,23.08,113.35,23.17"], 20),
        ]
        for query in queries {
            let label = "query \(query.name) " + query.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            guard let definition = try? catalog.query(named: query.name) else {
                report(Stage(name: label, seconds: 0, peakBytes: 0, detail: "not in the catalog"))
                continue
            }
            try measure(label) {
                var times: [Double] = []
                var rows = 0
                for _ in 0..<query.repeats {
                    var clock = Stopwatch()
                    // Encoded as CSV into a sink that drops the bytes: the query and its output format,
                    // without the terminal or the disk.
                    rows = try runner.run(definition, parameters: query.parameters, writer: CSVResultWriter(sink: ByteSink { _ in }))
                    times.append(clock.lap())
                }
                times.sort()
                return ((), String(format: "%d rows; median of %d runs %.1f ms, fastest %.1f ms", rows, query.repeats, times[times.count / 2] * 1000, times[0] * 1000))
            }
        }
    }

    /// Every source as GeoJSON, to a file.
    private func measureExport(_ readOnly: any EnforcementStore, log: StageLog) throws {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        let runner = QueryRunner(database: readOnly)
        let catalog = try QueryCatalog()
        let export = workDirectory.appendingPathComponent("sources.geojson")
        try measure("query sources --format geojson (every source, to a file)") {
            var rows = 0
            try OutputFile.write(to: export.path) { sink in
                rows = try runner.run(try catalog.query(named: "sources"), parameters: [:], writer: GeoJSONResultWriter(sink: sink))
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: export.path)[.size] as? Int) ?? 0
            return ((), "\(rows) features, \(size / 1_048_576) MB")
        }

    }

    /// DBSCAN and Gi* alone, on points already in memory.
    private func measureAlgorithms(_ database: any EnforcementStore, log: StageLog) throws {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        let everything = try database.fetchSourcePositions(statuses: nil, area: nil, lean: true, grids: false)
        let unlicensed = everything.projected.indices.filter { everything.statuses[$0] == .unlicensed }.map { everything.projected[$0] }
        func best<T>(_ repeats: Int, _ body: () throws -> T) rethrows -> (T, String) {
            var times: [Double] = []
            var value: T?
            for _ in 0..<repeats {
                var clock = Stopwatch()
                value = try body()
                times.append(clock.lap())
            }
            times.sort()
            return (value!, String(format: "fastest of %d %.1f ms, median %.1f ms", repeats, times[0] * 1000, times[times.count / 2] * 1000))
        }
        measure("dbscan: the \(unlicensed.count) unlicensed sources (eps 300, min-points 5)") {
            let (result, timing) = best(5) { DBSCAN(eps: 300, minPoints: 5).run(unlicensed) }
            return ((), "\(result.clusterCount) clusters; \(timing)")
        }
        measure("dbscan: all \(everything.count) sources (eps 300, min-points 5)") {
            let (result, timing) = best(3) { DBSCAN(eps: 300, minPoints: 5).run(everything.projected) }
            return ((), "\(result.clusterCount) clusters; \(timing)")
        }
        var cellIndex: [Int64: Int] = [:]
        var squares: [(x: Int, y: Int)] = []
        var counts: [Double] = []
        for (k, p) in everything.projected.enumerated() {
            let x = Int((p.x / 1000).rounded(.down)), y = Int((p.y / 1000).rounded(.down))
            let key = Int64(x) << 32 | Int64(UInt32(truncatingIfNeeded: y))
            let i = cellIndex[key] ?? { cellIndex[key] = squares.count; squares.append((x, y)); counts.append(0); return squares.count - 1 }()
            if everything.statuses[k] == .unlicensed { counts[i] += 1 }
        }
        let weights = measure("gi*: queen weights of the \(squares.count) occupied 1 km cells") {
            let (weights, timing) = best(3) { SpatialWeights.queen(squares) }
            return (weights, timing)
        }
        try measure("gi*: z, p and bins on the \(squares.count) occupied 1 km cells (count:unlicensed)") {
            let (result, timing) = try best(5) { try GetisOrdGiStar.compute(values: counts, weights: weights) }
            return ((), "\(result.cells.filter { $0.bin > 0 }.count) hot cells; \(timing)")
        }
    }

    /// The clusters and hot-spot use cases end to end: read from the store, compute, outlines,
    /// store the run.
    private func measureAnalytics(_ database: any EnforcementStore, log: StageLog) throws {
        func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T { try log.measure(name, body) }
        try measure("clusters (read, dbscan, neighbourhoods, outlines, store the run)") {
            let report = try ClusterAnalysis(store: database).run(ClusterAnalysis.Options(), storing: true)
            return ((), "\(report.clusters.count) clusters, \(report.noise) noise; " + report.timings.map { "\($0.part) " + String(format: "%.2f", $0.seconds) }.joined(separator: ", "))
        }
        try measure("hotspots (read, cells and weights, gi*, store the run)") {
            let report = try HotspotAnalysis(store: database).run(HotspotAnalysis.Options(), storing: true)
            let bins = report.bins
            return ((), "\(report.cells.count) cells, hot \(bins[3] ?? 0)/\(bins[2] ?? 0)/\(bins[1] ?? 0); " + report.timings.map { "\($0.part) " + String(format: "%.2f", $0.seconds) }.joined(separator: ", "))
        }
    }

    /// The weekly report of 2020-W40 for the province in every format and for the largest
    /// prefecture, each computed and written to a file; the HTML file's size.
    private func measureWeeklyReport(database: any EnforcementStore, into measure: (String, () throws -> ((), String)) throws -> Void) throws {
        let report = WeeklyReport(store: database)
        for format in WeeklyReportFormat.allCases {
            let file = workDirectory.appendingPathComponent("weekly-report.\(format.rawValue)")
            try measure("report weekly --format \(format.rawValue) (province)") {
                var options = try WeeklyReport.Options(week: "2020-W40", grid: "admin", area: nil, inspectionWeeks: 4)
                options.outlines = format.needsOutlines
                let result = try report.run(options)
                try OutputFile.write(to: file.path) { sink in try format.write(result, to: sink) }
                let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                return ((), String(format: "%d grids, %.2f MB", result.rows.count, Double(size) / 1_048_576))
            }
        }
        let prefecture = try report.run(try WeeklyReport.Options(week: "2020-W40", grid: "admin", area: nil, inspectionWeeks: 4))
            .prefectures.max { $0.figures.sources < $1.figures.sources }
        guard let prefecture else { return }
        try measure("report weekly --area \(prefecture.code) --format html (largest prefecture)") {
            var options = try WeeklyReport.Options(week: "2020-W40", grid: "admin", area: prefecture.code, inspectionWeeks: 4)
            options.outlines = true
            let result = try report.run(options)
            var bytes = 0
            try WeeklyReportFormat.html.write(result, to: ByteSink { bytes += $0.count })
            return ((), "\(result.rows.count) grids, \(bytes / 1024) KB")
        }
    }
}

/// The stages timed so far, each reported as it finishes.
private final class StageLog {
    private(set) var stages: [Benchmark.Stage] = []
    private let report: (Benchmark.Stage) -> Void

    init(report: @escaping (Benchmark.Stage) -> Void) { self.report = report }

    func append(_ stage: Benchmark.Stage) {
        stages.append(stage)
        report(stage)
    }

    /// Runs `body`, recording its wall time and the peak memory it reached.
    func measure<T>(_ name: String, _ body: () throws -> (T, String)) rethrows -> T {
        PeakMemory.reset()
        var clock = Stopwatch()
        let (value, detail) = try body()
        append(Benchmark.Stage(name: name, seconds: clock.lap(), peakBytes: PeakMemory.current(), detail: detail))
        return value
    }
}
