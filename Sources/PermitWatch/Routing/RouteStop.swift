import GeoKit
import Store

/// A place an inspection team may visit: a source (or any point from a stops file) with its
/// priority, the prize the planner maximises.
public struct RouteStop: Sendable, Equatable {
    public var id: String
    /// WGS-84 longitude/latitude.
    public var location: Coordinate
    /// Metres in the store's metric CRS, when the stop is a stored source (whose x/y are
    /// read, not recomputed); nil for a stop given by its position, which the planner projects.
    public var projected: Coordinate?
    public var priority: Double
    /// Why the stop is on the list, for the team: "unlicensed, in cluster 12 (144 members,
    /// risk 57.5)", "rectification deadline 2020-11-30 passed", "chosen by the query find".
    public var reason: String?
    /// The source's register details, town, grid and officer, when the stop is a stored source.
    public var card: SourceCard?

    public init(id: String, location: Coordinate, priority: Double) {
        self.id = id
        self.location = location
        self.projected = nil
        self.priority = priority
    }
}
