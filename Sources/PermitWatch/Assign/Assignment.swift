import Enforcement
import Foundation
import Logging
import Store

/// `permitwatch assign`: places every stored source in its town, grid and square-grid cell,
/// writing only the sources whose placement changed.
public struct Assignment: Sendable {
    /// The register whose sources are placed, and the areas they are placed in.
    public typealias Storage = SourceRegister & AreaStore

    let database: any Storage
    let logger: Logger
    let progress: ProgressReporter

    public init(database: any Storage, logger: Logger, progress: ProgressReporter = .silent) {
        self.database = database
        self.logger = logger
        self.progress = progress
    }

    /// Timings of the last run's stages, for the benchmark.
    public struct Timings: Sendable {
        public var load: Double = 0
        public var compute: Double = 0
        public var write: Double = 0
    }

    public func run(cellSize: Double? = nil, snapDistance: Double = 500) throws -> AssignmentSummary {
        try runTimed(cellSize: cellSize, snapDistance: snapDistance).summary
    }

    public func runTimed(cellSize: Double? = nil, snapDistance: Double = 500) throws -> (summary: AssignmentSummary, timings: Timings) {
        var timings = Timings()
        var clock = Stopwatch()
        try Self.check(snapDistance: snapDistance, cellSize: cellSize)
        let size = try cellSize ?? database.storedCellSize()
        let assigner = try AssignmentStep.makeAssigner(database, cellSize: size, snapDistance: snapDistance)
        let stored = try progress.step("loading sources") { try database.fetchPlacements() }
        timings.load = clock.lap()
        var (assignments, counts) = progress.step("assigning \(stored.locations.count) sources") {
            assigner.assign(locations: stored.locations, projected: stored.projected)
        }
        let mismatches = DeclaredAreaCheck.apply(stored.declaredAreaCodes, to: &assignments, areasLoaded: assigner.baseLevel != nil)
        timings.compute = clock.lap()
        let changed = try progress.step("writing assignments") {
            try database.updateAssignments(assignments, previous: stored.assignments, cellSize: size)
        }
        timings.write = clock.lap()
        var summary = AssignmentSummary(
            counts, sources: stored.locations.count, baseLevel: assigner.baseLevel, changed: changed, cellSize: size,
            snapDistance: snapDistance)
        summary.locationMismatches = mismatches
        logger.info("assigned", metadata: ["assign.sources": "\(stored.locations.count)", "assign.changed": "\(changed)"])
        return (summary, timings)
    }
}

extension Assignment {
    /// Checks the snap distance and cell size the user gave, for every command that assigns.
    ///
    /// - Throws: `ParameterError` naming `snap` or `cell_size`.
    public static func check(snapDistance: Double, cellSize: Double?) throws {
        guard snapDistance >= 0, snapDistance.isFinite else {
            throw ParameterError("snap", number: snapDistance, "expected zero or more metres")
        }
        if let cellSize, !(cellSize > 0 && cellSize.isFinite) {
            throw ParameterError("cell_size", number: cellSize, "expected a positive number of metres")
        }
    }
}
