import Enforcement
import GeoKit

/// The dataset's metric CRS, the one system every stored x/y, square-grid cell and area in
/// square kilometres is in: a role of the store (see `EnforcementStore`).
///
/// Kept with the data because the numbers mean nothing without it, and changed only by an
/// explicit re-projection: a write whose `IngestLogEntry.metricCRS` differs from the stored
/// one is refused, so no ingest can leave x/y of two systems side by side.
public protocol MetricCRSStore: Sendable {
    /// The stored metric CRS, read once and remembered while the data is unchanged; nil while
    /// the store has none (a new store before its first ingest). A store made before the system was chosen per dataset
    /// has EPSG:4547, the system all its x/y were computed in.
    func metricCRS() throws -> MetricCRS?

    /// Re-projects the whole store into `crs` in one transaction: every source's x/y (given,
    /// in `SourceRegister.fetchPlacements` order, with its new assignment), every depot's x/y,
    /// every area's square kilometres, the square-grid hot-spot runs removed (their cells are
    /// squares of the old system), and `crs` stored in place of the old one.
    func reproject(
        to crs: MetricCRS, sourcePositions: [Coordinate], assignments: [SourceAssignment], cellSize: Double
    ) throws -> Reprojection
}
