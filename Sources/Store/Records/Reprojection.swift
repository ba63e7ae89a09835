import GeoKit

/// What a re-projection (`MetricCRSStore.reproject`) rewrote, for the command's report.
public struct Reprojection: Sendable, Equatable {
    /// The system the store was in before; nil when it had none.
    public var previous: MetricCRS?
    public var sources: Int
    public var depots: Int
    public var areas: Int
    /// Hot-spot runs on the square grid that were removed, their cells being squares of the
    /// old system (administrative-grid runs and cluster runs are kept: they hold no x/y).
    public var removedHotspotRuns: Int

    public init(previous: MetricCRS?, sources: Int, depots: Int, areas: Int, removedHotspotRuns: Int) {
        self.previous = previous
        self.sources = sources
        self.depots = depots
        self.areas = areas
        self.removedHotspotRuns = removedHotspotRuns
    }
}
