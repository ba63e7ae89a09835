/// One road as read from a LineString: its vertices (longitude, latitude, WGS-84), which ways
/// it may be driven, and its speed if known.
public struct RoadSegment: Sendable {
    public enum Direction: Sendable {
        /// Both ways.
        case both
        /// Only from the first vertex towards the last.
        case forward
        /// Only from the last vertex towards the first.
        case backward
    }

    public var coordinates: [(lon: Double, lat: Double)]
    public var direction: Direction
    /// Metres per second, or nil to use the network's default speed.
    public var metresPerSecond: Double?

    public init(coordinates: [(lon: Double, lat: Double)], direction: Direction = .both, metresPerSecond: Double? = nil) {
        self.coordinates = coordinates
        self.direction = direction
        self.metresPerSecond = metresPerSecond
    }
}
