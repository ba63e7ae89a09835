import Enforcement
import GeoKit

/// The seam between permitwatch's use cases and the database that holds the register.
///
/// Everything the ingest, assignment, summary and query use cases need from storage, and
/// nothing of how it is stored: `SpatialDatabase` (one SpatiaLite file) implements it today; a
/// PostGIS store, for many concurrent editors, can implement it tomorrow without the use cases,
/// the analytics or the server changing. SQL lives behind it, with bound values only.
public protocol EnforcementStore: Sendable {
    // Areas
    func replaceAreas(level: AreaLevel, with areas: [AreaRecord], log: IngestLogEntry) throws
    func fetchAreas(level: AreaLevel) throws -> [AreaRecord]
    func fetchAreaParents(level: AreaLevel) throws -> [(code: String, parent: String?)]
    func areaExtent() throws -> BoundingBox?
    func areaCounts() throws -> [AreaLevel: Int]

    // Sources and their placement
    func fetchSources() throws -> [SourceRecord]
    func fetchPlacements() throws -> (locations: [Coordinate], projected: [Coordinate], assignments: [SourceAssignment])
    func replaceSources(_ records: [SourceRecord], events: [EventRecord], log: IngestLogEntry) throws
    func updateAssignments(_ assignments: [SourceAssignment], previous: [SourceAssignment], cellSize: Double) throws -> Int
    func storedCellSize() throws -> Double
    func summary(by grouping: SummaryGrouping) throws -> [StatusCountRow]

    // History and depots
    func appendEvents(_ events: [EventRecord], log: IngestLogEntry) throws
    func fetchSourceIDs() throws -> Set<String>
    func eventCounts() throws -> [String: Int]
    func replaceDepots(_ depots: [DepotRecord], log: IngestLogEntry) throws
    func fetchDepots() throws -> [DepotRecord]
    func replaceRoads(_ roads: [RoadRecord], log: IngestLogEntry) throws
    func fetchRoads() throws -> [RoadRecord]

    // Coordinate systems the process cannot transform itself
    func isKnownSRID(_ srid: Int) throws -> Bool
    func transformToWGS84(_ points: [Coordinate], fromEPSG srid: Int) throws -> [Coordinate]

    // Read-only catalog queries
    func streamReadOnly(
        sql: String, arguments: [String: SQLValue], rowLimit: Int?, timeLimit: Double,
        columns: ([String]) throws -> Void, row: (ResultRow) throws -> Void
    ) throws -> Int

    // Features for the server (OGC API - Features)
    func dataGeneration() throws -> Int64
    func streamFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, row: (FeatureRow) throws -> Void
    ) throws -> Int
    func streamFeature(collection: FeatureCollectionDefinition, id: String, row: (FeatureRow) throws -> Void) throws -> Bool
    func featureExtent(_ definition: FeatureCollectionDefinition) throws -> FeatureExtent
    func connectionPoolUsage() -> ConnectionPoolUsage
    func prepareForServing() throws

    // Analytics runs
    func fetchSourcePositions(statuses: [SourceStatus]?, area: String?, lean: Bool, grids: Bool) throws -> SourcePositions
    func fetchSources(inBoxes boxes: [BoundingBox]) throws -> [[NearbySource]]
    func latestEventDate() throws -> String?
    func storeClusterRun(parameters: String, summary: String, clusters: [ClusterRecord], members: [(sourceID: String, cluster: Int, core: Bool)]) throws -> Int64
    func storeHotspotRun(parameters: String, summary: String, cells: [HotspotCellRecord], cellSize: Double?) throws -> Int64
    func latestRun(kind: String) throws -> AnalysisRun?
    func fetchClusterMembership(run: Int64) throws -> [String: Int]

    // The weekly report
    func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory
    func fetchAreaDirectory() throws -> [AreaDirectoryEntry]
    func fetchAreaOutlines(level: AreaLevel, codes: [String]) throws -> [String: MultiPolygon]
    func fetchHotspotBins(run: AnalysisRun) throws -> HotspotBins
    func storeRoutePlan(_ plan: RoutePlanRecord) throws -> Int64
    func fetchSourceNames(_ sourceIDs: [String]) throws -> [String: String]

    /// Makes what is committed durable in the store's own files.
    func checkpoint() throws
}

extension SpatialDatabase: EnforcementStore {}
