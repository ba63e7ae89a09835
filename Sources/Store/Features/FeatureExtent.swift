import GeoKit

/// The extent of a collection, for its OGC API metadata.
public struct FeatureExtent: Sendable, Hashable {
    public var bbox: BoundingBox?
    /// The first and last day of the temporal property, for dated collections.
    public var firstDay: String?
    public var lastDay: String?

    public init(bbox: BoundingBox?, firstDay: String? = nil, lastDay: String? = nil) {
        self.bbox = bbox
        self.firstDay = firstDay
        self.lastDay = lastDay
    }
}
