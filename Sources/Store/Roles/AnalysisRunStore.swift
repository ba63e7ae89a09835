/// Stored runs of the clusters and hot-spot analyses, which the server, the weekly report and
/// route planning read back: a role of the store (see `EnforcementStore`).
public protocol AnalysisRunStore: Sendable {
    /// Stores a clusters run (parameters and summary as JSON text); returns its id.
    func storeClusterRun(parameters: String, summary: String, clusters: [ClusterRecord], members: [(sourceID: String, cluster: Int, core: Bool)]) throws -> Int64
    /// Stores a hot-spot run; square cells by number when `cellSize` is given. Returns its id.
    func storeHotspotRun(parameters: String, summary: String, cells: [HotspotCellRecord], cellSize: Double?) throws -> Int64
    /// The latest run of a kind (`clusters`, `hotspots`).
    func latestRun(kind: String) throws -> AnalysisRun?
    /// Source id → cluster number of every selected source of a clusters run (-1: noise).
    func fetchClusterMembership(run: Int64) throws -> [String: Int]
    /// The risk of each cluster of the run, by cluster number (empty for a run no longer kept).
    func fetchClusterRisks(run: Int64) throws -> [Int: Double]
    func fetchHotspotBins(run: AnalysisRun) throws -> HotspotBins
}
