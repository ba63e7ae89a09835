import GeoKit

/// Which features of a collection a client asked for, and which page of them.
///
/// Everything in it is a value to bind or compare, never SQL: the server parses the request
/// into this, the store decides how to answer it.
public struct FeatureQuery: Sendable, Hashable {
    /// An inclusive range of calendar days (`YYYY-MM-DD`); a nil end is open.
    public struct DateRange: Sendable, Hashable {
        public var start: String?
        public var end: String?
        public init(start: String?, end: String?) {
            self.start = start
            self.end = end
        }

        /// Whether `day` (`YYYY-MM-DD`) falls in the range.
        public func contains(_ day: String) -> Bool {
            if let start, day < start { return false }
            if let end, day > end { return false }
            return true
        }
    }

    public var collection: FeatureCollectionDefinition
    /// Longitude/latitude box (WGS-84); a feature matches when its geometry meets the box,
    /// edges included.
    public var bbox: BoundingBox?
    /// Queryable property → the value it must equal.
    public var equals: [String: String]
    /// A register column kept as the features' attributes → the value it must equal
    /// (`attributes.LAW=CAA`; only sources keep such columns).
    public var attributes: [String: String] = [:]
    /// Days the temporal property must fall in; features without a date never match.
    public var dates: DateRange?
    public var limit: Int
    public var offset: Int

    public init(
        collection: FeatureCollectionDefinition, bbox: BoundingBox? = nil, equals: [String: String] = [:],
        dates: DateRange? = nil, limit: Int = 100, offset: Int = 0
    ) {
        self.collection = collection
        self.bbox = bbox
        self.equals = equals
        self.dates = dates
        self.limit = limit
        self.offset = offset
    }
}
