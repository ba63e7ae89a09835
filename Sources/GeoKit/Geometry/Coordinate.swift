/// A planar or geographic position: longitude/latitude in degrees, or x/y in metres.
///
/// One type for both keeps the transforms simple; the coordinate system is carried by context
/// (the column or the function that produced it), never guessed from the values.
public struct Coordinate: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

extension Coordinate {
    /// The squared planar distance: comparing it with a squared radius avoids a square root per pair.
    @inline(__always) public func squaredDistance(to other: Coordinate) -> Double {
        let dx = x - other.x, dy = y - other.y
        return dx * dx + dy * dy
    }
}
