import Foundation
import Logging
import PermitWatch
import ProvinceGenerator
import SpatiaLiteStore
import Store

/// The one small generated province of the test process: generated once into a temporary
/// directory, loaded once into a SpatiaLite file, and shared by every suite that needs a
/// province (generating and loading one costs seconds in a debug build; each suite did its own).
///
/// Nothing may change the shared files: suites read them through `store` (read-only) or open
/// `path` read-only; a suite that writes (stored analytics runs, route plans, later ingests)
/// works on its own `copy(_:)`, so tests stay independent and can run in parallel.
public final class SharedProvince: Sendable {
    /// 3,000 touched sources (3,090 with the 3% unlicensed), 2 km pixels: small enough for a
    /// debug build, with every level, status, event kind and a year of weekly history. Seed 21
    /// gives 3 of the 14 rectifying sources a deadline before 2020-12-31, which the catalog's
    /// and route planning's overdue tests need (seed 11, at this size, gives none).
    public static let options = GeneratorOptions(sources: 3_000, seed: 21, pixelSize: 2_000)

    /// Everything of this process's test data lives here and is removed when the process exits.
    public static let root: URL = FileManager.default.temporaryDirectory
        .appendingPathComponent("permitwatch-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")

    private static let loaded: Result<SharedProvince, any Error> = Result { try SharedProvince() }

    /// The province, generated and loaded on first use; the same error for every caller when
    /// that failed.
    public static func load() throws -> SharedProvince { try loaded.get() }

    /// The generated dataset's files, as `permitwatch generate` writes them.
    public let dataset: URL
    /// What the generator reported writing.
    public let summary: GeneratedDatasetSummary
    /// The database `permitwatch init` made of `dataset`, checkpointed: the file alone is complete.
    public let path: String
    /// The steps `init` reported while loading it.
    public let steps: [DatasetInit.Step]
    /// The database, read-only, as `serve` and the catalog open it.
    public let store: SpatialDatabase

    private init() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: Self.root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: SharedProvince.root) }
        dataset = Self.root.appendingPathComponent("dataset")
        summary = try ProvinceGenerator(options: Self.options).write(to: dataset)
        path = Self.root.appendingPathComponent("province.sqlite").path
        do {
            let writable = try SpatialDatabase(path: path)
            steps = try DatasetInit(database: writable, logger: Self.quietLogger).run(directory: dataset)
            try writable.checkpoint()
        }
        store = try SpatialDatabase(path: path, readOnly: true)
    }

    /// A fresh directory of this process's test data, for a suite's or a test's own files.
    public static func scratchDirectory(_ name: String) throws -> URL {
        let directory = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A writable copy of the database in a new scratch directory: its path and directory.
    public func copy(_ name: String) throws -> (path: String, directory: URL) {
        let directory = try Self.scratchDirectory(name)
        let copy = directory.appendingPathComponent("\(name).sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return (copy, directory)
    }

    static let quietLogger = Logger(label: "permitwatch.tests.shared") { _ in SwiftLogNoOpLogHandler() }
}
