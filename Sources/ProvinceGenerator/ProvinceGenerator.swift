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
        try Self.createDirectory(directory)
        var summary = GeneratedDatasetSummary(options: options)
        var steps = StepTimer(progress: progress)
        let seed = options.seed
        func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

        let raster = steps.run("label raster") { ProvinceRaster(seed: seed, pixelSize: options.pixelSize) }
        let catalog = steps.run("name areas") { AreaCatalog(raster: raster, seed: seed) }
        summary.countAreas(raster: raster, catalog: catalog)
        let traced = steps.run("trace borders") { Self.traceBorders(of: raster) }
        let projector = VertexProjector(frame: raster.frame)
        let areaFiles = try steps.run("write areas") {
            try Self.writeAreas(traced: traced, catalog: catalog, projector: projector, into: directory)
        }
        summary.files.append(contentsOf: areaFiles)

        let plan = SourcePlan(touched: options.sources)
        let placed = steps.run("place sources") { SourcePlacer(raster: raster, catalog: catalog, plan: plan, seed: seed).place() }
        let history = steps.run("build history") { HistoryBuilder(seed: seed).build(statuses: placed.status) }

        let sources = try steps.run("write sources") {
            try SourceTableWriter(
                catalog: catalog, specs: raster.specs, placed: placed, history: history, plan: plan,
                projector: projector, seed: seed
            ).write(to: file("sources.csv"))
        }
        summary.files.append(.init(name: "sources.csv", records: sources.rows, bytes: sources.bytes))
        let events = try steps.run("write events") { try EventTableWriter(history: history).write(to: file("events.csv")) }
        summary.files.append(.init(name: "events.csv", records: events.rows, bytes: events.bytes))
        try steps.run("write depots and manifest") {
            let depots = try DepotTableWriter(raster: raster, catalog: catalog, projector: projector).write(to: file("depots.csv"))
            summary.files.append(.init(name: "depots.csv", records: depots.rows, bytes: depots.bytes))
            summary.depots = depots.rows
            let manifest = try ManifestWriter(options: options).write(to: file("dataset.json"))
            summary.files.append(.init(name: "dataset.json", records: 1, bytes: manifest))
        }

        summary.countSources(placed: placed, history: history)
        summary.steps = steps.finished
        return summary
    }

    private static func createDirectory(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
    }

    /// Every level's borders, traced in parallel from the one raster; each keeps the grid
    /// junctions as vertices, so shared borders coincide after projection.
    private static func traceBorders(of raster: ProvinceRaster) -> [BoundaryTracer.Result] {
        let tracer = BoundaryTracer(width: raster.frame.width, height: raster.frame.height)
        return Parallel.map(count: 4) { level in
            tracer.trace(
                labels: raster.levels[level].labels, labelCount: raster.levels[level].labelCount,
                junctions: raster.levels[3].labels)
        }
    }

    /// The area levels' collection names; each is written to `<name>.geojson`.
    private static let areaCollections = ["prefectures", "counties", "towns", "grids"]

    /// The four area files, written in parallel; what each holds, in level order.
    private static func writeAreas(
        traced: [BoundaryTracer.Result], catalog: AreaCatalog, projector: VertexProjector, into directory: URL
    ) throws -> [GeneratedDatasetSummary.File] {
        let writer = AreaGeoJSONWriter(catalog: catalog, projector: projector)
        let names = areaCollections
        let results: [Result<(features: Int, bytes: Int), Error>] = Parallel.map(count: 4) { level in
            Result {
                try writer.write(
                    level: level, traced: traced[level], name: names[level],
                    to: directory.appendingPathComponent(names[level] + ".geojson"))
            }
        }
        return try results.enumerated().map { level, result in
            let written = try result.get()
            return .init(name: names[level] + ".geojson", records: written.features, bytes: written.bytes)
        }
    }
}
