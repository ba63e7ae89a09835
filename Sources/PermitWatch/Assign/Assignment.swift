import Enforcement
import Foundation
import GeoKit
import Logging
import Store

/// `permitwatch assign`: places every stored source in its town, grid and square-grid cell,
/// writing only the sources whose placement changed; with a new metric CRS
/// (`assign --metric-crs`), re-projects the whole store into it first, in the same transaction.
public struct Assignment: Sendable {
    /// The register whose sources are placed, the areas they are placed in, and the metric
    /// CRS their cells are squares of.
    public typealias Storage = SourceRegister & AreaStore & MetricCRSStore

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

    /// - Parameter metricCRS: `--metric-crs`: re-project the store into this system when it is
    ///   not the stored one (the only way the stored one changes); nil keeps the stored one.
    public func run(cellSize: Double? = nil, snapDistance: Double = 500, metricCRS: MetricCRS? = nil) throws -> AssignmentSummary {
        try runTimed(cellSize: cellSize, snapDistance: snapDistance, metricCRS: metricCRS).summary
    }

    public func runTimed(
        cellSize: Double? = nil, snapDistance: Double = 500, metricCRS requested: MetricCRS? = nil
    ) throws -> (summary: AssignmentSummary, timings: Timings) {
        var timings = Timings()
        var clock = Stopwatch()
        try Self.check(snapDistance: snapDistance, cellSize: cellSize)
        let size = try cellSize ?? database.storedCellSize()
        let storedCRS = try database.metricCRS()
        guard let metricCRS = requested ?? storedCRS else {
            // No metric CRS means nothing was ever loaded: no source to place.
            _ = try database.updateAssignments([], previous: [], cellSize: size)
            return (AssignmentSummary(SourceAssigner.Counts(), sources: 0, baseLevel: nil, changed: 0, cellSize: size, snapDistance: snapDistance), timings)
        }
        let reprojecting = metricCRS != storedCRS
        let assigner = try AssignmentStep.makeAssigner(database, cellSize: size, snapDistance: snapDistance, metricCRS: metricCRS)
        var placements = try progress.step("loading sources") { try database.fetchPlacements() }
        if reprojecting {
            placements.projected = progress.step("projecting \(placements.locations.count) sources into \(metricCRS)") {
                placements.locations.map(metricCRS.forward)
            }
        }
        timings.load = clock.lap()
        var (assignments, counts) = progress.step("assigning \(placements.locations.count) sources") {
            assigner.assign(locations: placements.locations, projected: placements.projected)
        }
        let mismatches = DeclaredAreaCheck.apply(placements.declaredAreaCodes, to: &assignments, areasLoaded: assigner.baseLevel != nil)
        timings.compute = clock.lap()
        var changed = 0
        var reprojection: Reprojection?
        if reprojecting {
            reprojection = try progress.step("re-projecting the database into \(metricCRS)") {
                try database.reproject(to: metricCRS, sourcePositions: placements.projected, assignments: assignments, cellSize: size)
            }
            changed = zip(assignments, placements.assignments).filter { $0 != $1 }.count
            logger.notice(
                "re-projected", metadata: ["assign.metric_crs": "\(metricCRS)", "assign.previous_metric_crs": "\(storedCRS.map(\.description) ?? "none")"])
        } else {
            changed = try progress.step("writing assignments") {
                try database.updateAssignments(assignments, previous: placements.assignments, cellSize: size)
            }
        }
        timings.write = clock.lap()
        var summary = AssignmentSummary(
            counts, sources: placements.locations.count, baseLevel: assigner.baseLevel, changed: changed, cellSize: size,
            snapDistance: snapDistance)
        summary.reprojection = reprojection
        summary.locationMismatches = mismatches
        logger.info("assigned", metadata: ["assign.sources": "\(placements.locations.count)", "assign.changed": "\(changed)"])
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
