import Enforcement
import Foundation

/// Generates the default dataset: a Guangdong-like province with its prefectures, counties,
/// towns and enforcement grids, about 680,000 pollution sources with their status at the end
/// of 2020, a weekly status history through 2020, and one enforcement bureau per county.
///
/// The data is synthetic but shaped like the real thing so that benchmarks and demos meet real
/// problems: dense Pearl River Delta clusters, islands, irregular borders, overdue notices,
/// malformed codes and a few geocoding errors at sea. Everything is a pure function of
/// `GeneratorOptions`.
public struct ProvinceGenerator {
    public let options: GeneratorOptions

    public init(options: GeneratorOptions = GeneratorOptions()) {
        self.options = options
    }

    /// The exact source counts `--sources N` produces, without generating anything.
    public static func plan(touched: Int) -> SourcePlan { SourcePlan(touched: touched) }

    /// Writes the dataset files and `dataset.json` into `directory` (created if missing).
    ///
    /// `progress` receives one line per finished step.
    @discardableResult
    public func write(to directory: URL, progress: ((String) -> Void)? = nil) throws -> GeneratedDatasetSummary {
        try options.validate()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        var summary = GeneratedDatasetSummary(options: options)
        let seed = options.seed
        let clock = ContinuousClock()
        func step<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            let value = try body()
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            summary.steps.append(.init(name: name, seconds: seconds))
            progress?(String(format: "%@: %.2f s", name, seconds))
            return value
        }
        func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

        let raster = step("label raster") { ProvinceRaster(seed: seed, pixelSize: options.pixelSize) }
        summary.rasterWidth = raster.frame.width
        summary.rasterHeight = raster.frame.height
        let catalog = step("name areas") { AreaCatalog(raster: raster, seed: seed) }
        summary.prefectures = catalog.levels[0].count
        summary.counties = catalog.levels[1].count
        summary.towns = catalog.levels[2].count
        summary.grids = catalog.levels[3].count

        let traced: [BoundaryTracer.Result] = step("trace borders") {
            let tracer = BoundaryTracer(width: raster.frame.width, height: raster.frame.height)
            return Parallel.map(count: 4) { level in
                tracer.trace(
                    labels: raster.levels[level].labels, labelCount: raster.levels[level].labelCount,
                    junctions: raster.levels[3].labels)
            }
        }
        let projector = VertexProjector(frame: raster.frame)
        let areaFiles = ["prefectures", "counties", "towns", "grids"]
        let areaResults: [Result<(features: Int, bytes: Int), Error>] = step("write areas") {
            let writer = AreaGeoJSONWriter(catalog: catalog, projector: projector)
            let urls = areaFiles.map { file($0 + ".geojson") }
            return Parallel.map(count: 4) { level in
                Result { try writer.write(level: level, traced: traced[level], name: areaFiles[level], to: urls[level]) }
            }
        }
        for (level, result) in areaResults.enumerated() {
            let written = try result.get()
            summary.files.append(.init(name: areaFiles[level] + ".geojson", records: written.features, bytes: written.bytes))
        }

        let plan = SourcePlan(touched: options.sources)
        let placed = step("place sources") { SourcePlacer(raster: raster, catalog: catalog, plan: plan, seed: seed).place() }
        let history = step("build history") { HistoryBuilder(seed: seed).build(statuses: placed.status) }

        let sources = try step("write sources") {
            try SourceTableWriter(
                catalog: catalog, specs: raster.specs, placed: placed, history: history, plan: plan,
                projector: projector, seed: seed
            ).write(to: file("sources.csv"))
        }
        summary.files.append(.init(name: "sources.csv", records: sources.rows, bytes: sources.bytes))
        let events = try step("write events") { try EventTableWriter(history: history).write(to: file("events.csv")) }
        summary.files.append(.init(name: "events.csv", records: events.rows, bytes: events.bytes))
        try step("write depots and manifest") {
            let depots = try DepotTableWriter(raster: raster, catalog: catalog, projector: projector).write(to: file("depots.csv"))
            summary.files.append(.init(name: "depots.csv", records: depots.rows, bytes: depots.bytes))
            summary.depots = depots.rows
            let manifest = try ManifestWriter(options: options).write(to: file("dataset.json"))
            summary.files.append(.init(name: "dataset.json", records: 1, bytes: manifest))
        }

        summary.sources = placed.status.count
        summary.events = history.events.count
        for (k, status) in SourceStatus.allCases.enumerated() {
            summary.sourcesByStatus[status] = placed.status.reduce(0) { $0 + ($1 == UInt8(k) ? 1 : 0) }
        }
        for (k, kind) in EventKind.allCases.enumerated() {
            summary.eventsByKind[kind] = history.kindCounts[k]
        }
        for s in 0..<placed.status.count where placed.status[s] == 2 && history.deadline[s] >= 0 {
            if Int(history.deadline[s]) < CivilDate.asOf { summary.overdueRectifying += 1 }
        }
        summary.nearShoreErrors = placed.sea.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        summary.offshoreErrors = placed.sea.reduce(0) { $0 + ($1 == 2 ? 1 : 0) }
        return summary
    }
}
