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
