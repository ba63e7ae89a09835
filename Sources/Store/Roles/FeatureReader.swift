/// The feature collections as OGC API - Features serves them: pages with an exact
/// `numberMatched`, single features and extents. A role of the store (see `EnforcementStore`).
public protocol FeatureReader: Sendable {
    /// A number that changes with every committed write, so whatever a reader derived from the
    /// data (a page cache, an ETag, an index) knows to renew.
    func dataGeneration() throws -> Int64
    /// The generation when the store can tell it without reading the database (nothing was
    /// committed since it was last read), else nil: a cached page is then answered without
    /// touching the database.
    func knownDataGeneration() -> Int64?
    /// Reports the count `query` matches, then streams its page; returns the features streamed.
    func streamFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, row: (FeatureRow) throws -> Void
    ) throws -> Int
    /// Like `streamFeatures`, with each feature as the bytes `encode` makes of its row.
    ///
    /// A store may keep the sources' bytes (up to the budget `prepareForServing` was given) and
    /// send them again without reading or encoding the row, while the source is unchanged in the
    /// reader's snapshot: so `encode` must be the same for the store's life (the server's one
    /// encoder of each collection).
    func streamEncodedFeatures(
        _ query: FeatureQuery, timeLimit: Double, matched: (Int) throws -> Void, encode: (FeatureRow) throws -> [UInt8],
        feature: ([UInt8]) throws -> Void
    ) throws -> Int
    /// Streams one feature; false when there is none with that id.
    func streamFeature(collection: FeatureCollectionDefinition, id: String, row: (FeatureRow) throws -> Void) throws -> Bool
    func featureExtent(_ definition: FeatureCollectionDefinition) throws -> FeatureExtent
    /// The register columns the collection's features keep as attributes (every ingest's kept
    /// columns, in the order first seen), which `FeatureQuery.attributes` may filter on.
    func attributeColumns(_ definition: FeatureCollectionDefinition) throws -> [String]
    func connectionPoolUsage() -> ConnectionPoolUsage
    /// Builds what serving needs in memory (the source index) before the first request, and
    /// lets the store keep up to `encodedFeatureBytes` of encoded features
    /// (`streamEncodedFeatures`).
    func prepareForServing(keepingEncodedFeatures encodedFeatureBytes: Int) throws
}
