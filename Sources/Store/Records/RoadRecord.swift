import GeoKit

/// One stored road: its vertices (WGS-84), which ways it may be driven and its speed.
public struct RoadRecord: Sendable, Equatable {
    public enum Direction: String, Sendable {
        case both, forward, backward
    }

    public var coordinates: [Coordinate]
    public var direction: Direction
    public var metresPerSecond: Double?

    public init(coordinates: [Coordinate], direction: Direction, metresPerSecond: Double?) {
        self.coordinates = coordinates
        self.direction = direction
        self.metresPerSecond = metresPerSecond
    }
}
