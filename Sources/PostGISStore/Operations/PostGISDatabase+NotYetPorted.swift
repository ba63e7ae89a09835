import Enforcement
import GeoKit
import Store

/// The roles the PostGIS store does not play yet (issue 17 is being taken in steps): each call
/// is refused with a `StoreError` that names what is missing and what to use meanwhile, before
/// anything is read or written. This file shrinks as the roles move over; nothing here returns
/// a made-up answer.
extension PostGISDatabase {
    func notYetOnPostGIS(_ what: String) -> StoreError {
        StoreError(message: "\(what) is not yet available on PostGIS (\(url)); the register, areas, events, depots, roads, assignment, summaries, clusters, hot spots, weekly reports, route plans, tokens, field writes and checks are. Use a SpatiaLite file (--db PATH) for it meanwhile")
    }

    /// Nothing, while the generation stands; else anything may have changed (the PostGIS store
    /// keeps no log of field writes' dates yet, so a kept report is made again).
    public func historyChanges(since generation: Int64) throws -> HistoryChanges {
        let now = try dataGeneration()
        return HistoryChanges(generation: now, extent: now == generation ? .nothing : .unknown)
    }

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
}
