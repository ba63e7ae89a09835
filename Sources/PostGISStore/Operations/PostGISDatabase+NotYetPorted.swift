import Enforcement
import GeoKit
import Store

/// The roles the PostGIS store does not play yet (issue 17 is being taken in steps): each call
/// is refused with a `StoreError` that names what is missing and what to use meanwhile, before
/// anything is read or written. This file shrinks as the roles move over; nothing here returns
/// a made-up answer.
extension PostGISDatabase {
    func notYetOnPostGIS(_ what: String) -> StoreError {
        StoreError(message: "\(what) is not yet available on PostGIS (\(url)); the register, areas, events, depots, roads, assignment, summaries and checks are. Use a SpatiaLite file (--db PATH) for it meanwhile")
    }

    // MARK: RegisterAnalytics (all but `summary`)

    public func fetchSourcePositions(statuses: [SourceStatus]?, area: String?, lean: Bool, grids: Bool) throws -> SourcePositions {
        throw notYetOnPostGIS("reading positions for clusters, hot spots, reports and routes")
    }

    public func fetchSources(inBoxes boxes: [BoundingBox]) throws -> [[NearbySource]] {
        throw notYetOnPostGIS("the neighbourhood of clusters")
    }

    public func fetchReportHistory(through lastDay: String, area: String?) throws -> ReportHistory {
        throw notYetOnPostGIS("the weekly report")
    }

    /// Nothing, while the generation stands; else anything may have changed (the PostGIS store
    /// keeps no log of field writes' dates yet, so a kept report is made again).
    public func historyChanges(since generation: Int64) throws -> HistoryChanges {
        let now = try dataGeneration()
        return HistoryChanges(generation: now, extent: now == generation ? .nothing : .unknown)
    }

    public func fetchSourceCards(_ sourceIDs: [String]) throws -> [String: SourceCard] {
        throw notYetOnPostGIS("an itinerary's source cards")
    }

    // MARK: AnalysisRunStore

    public func storeClusterRun(parameters: String, summary: String, clusters: [ClusterRecord], members: [(sourceID: String, cluster: Int, core: Bool)]) throws -> Int64 {
        throw notYetOnPostGIS("storing clusters")
    }

    public func storeHotspotRun(parameters: String, summary: String, cells: [HotspotCellRecord], cellSize: Double?) throws -> Int64 {
        throw notYetOnPostGIS("storing hot spots")
    }

    public func latestRun(kind: String) throws -> AnalysisRun? { throw notYetOnPostGIS("stored analyses") }
    public func fetchClusterMembership(run: Int64) throws -> [String: Int] { throw notYetOnPostGIS("stored clusters") }
    public func fetchClusterRisks(run: Int64) throws -> [Int: Double] { throw notYetOnPostGIS("stored clusters") }
    public func fetchHotspotBins(run: AnalysisRun) throws -> HotspotBins { throw notYetOnPostGIS("stored hot spots") }

    // MARK: RoutePlanStore

    public func storeRoutePlan(_ plan: RoutePlanRecord) throws -> Int64 { throw notYetOnPostGIS("storing route plans") }

    // MARK: CatalogReader

    /// The dialect a catalog query must be written in to run here.
    public var sqlDialect: String { "postgis" }

    public func streamReadOnly(
        sql: String, arguments: [String: SQLValue], rowLimit: Int?, timeLimit: Double,
        columns: ([String]) throws -> Void, row: (ResultRow) throws -> Void
    ) throws -> Int {
        throw notYetOnPostGIS("the query catalog")
    }

    // MARK: FeatureReader

    public func dataGeneration() throws -> Int64 { try read { db in try generation(db) } }
    public func knownDataGeneration() -> Int64? { nil }

    public func streamFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, row: (FeatureRow) throws -> Void
    ) throws -> Int {
        throw notYetOnPostGIS("serving features")
    }

    public func streamEncodedFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, encode: (FeatureRow) throws -> [UInt8],
        feature: ([UInt8]) throws -> Void
    ) throws -> Int {
        throw notYetOnPostGIS("serving features")
    }

    public func streamFeature(collection: FeatureCollectionDefinition, id: String, row: (FeatureRow) throws -> Void) throws -> Bool {
        throw notYetOnPostGIS("serving features")
    }

    public func featureExtent(_ definition: FeatureCollectionDefinition) throws -> FeatureExtent { throw notYetOnPostGIS("serving features") }
    public func attributeColumns(_ definition: FeatureCollectionDefinition) throws -> [String] { throw notYetOnPostGIS("serving features") }

    public func connectionPoolUsage() -> ConnectionPoolUsage {
        ConnectionPoolUsage(readsInFlight: 0, maximumReaders: pool.maximumConnections, readsTotal: 0)
    }

    /// `serve` asks this first: refused, so the server does not start half able to answer.
    public func prepareForServing(keepingEncodedFeatures encodedFeatureBytes: Int) throws {
        throw notYetOnPostGIS("`permitwatch serve`")
    }

    // MARK: AccessTokenStore

    public func accessTokenKey() throws -> [UInt8]? { throw notYetOnPostGIS("access tokens") }
    public func storeAccessToken(candidateKey: [UInt8], _ make: ([UInt8]) throws -> AccessTokenRecord) throws -> AccessTokenRecord {
        throw notYetOnPostGIS("access tokens")
    }
    public func accessTokens() throws -> [AccessTokenRecord] { throw notYetOnPostGIS("access tokens") }
    public func accessToken(id: String) throws -> AccessTokenRecord? { throw notYetOnPostGIS("access tokens") }
    public func revokeAccessToken(named name: String, at time: String) throws -> Bool { throw notYetOnPostGIS("access tokens") }

    // MARK: FieldRecordStore

    public func recordFieldWrite(
        _ write: FieldWrite, author: String, request: String, idempotency: IdempotentRequest?,
        reply: (FieldReceipt) throws -> StoredReply
    ) throws -> FieldRecording {
        throw notYetOnPostGIS("field writes")
    }

    public func earlierReply(to idempotency: IdempotentRequest, author: String) throws -> FieldRecording? {
        throw notYetOnPostGIS("field writes")
    }

    public func keepReply(_ reply: StoredReply, to idempotency: IdempotentRequest, author: String, ingestFile: String) throws {
        throw notYetOnPostGIS("field writes")
    }
}
