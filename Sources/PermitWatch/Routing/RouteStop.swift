import GeoKit

/// A place an inspection team may visit: a source (or any point from a stops file) with its
/// priority, the prize the planner maximises.
public struct RouteStop: Sendable, Equatable {
    public var id: String
    /// WGS-84 longitude/latitude.
    public var location: Coordinate
    /// EPSG:4547 metres.
    public var projected: Coordinate
    public var priority: Double

    public init(id: String, location: Coordinate, priority: Double) {
        self.id = id
        self.location = location
        self.projected = GaussKruger.epsg4547.forward(location)
        self.priority = priority
    }
}
