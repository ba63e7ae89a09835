/// A polygon as GeoJSON and Simple Features define it: an exterior ring, then holes.
///
/// Rings are stored closed (first coordinate repeated at the end), exactly as they appear in
/// GeoJSON and WKB, so they can be written out without copying.
public struct Polygon: Hashable, Sendable {
    /// `rings[0]` is the exterior ring; the rest are holes.
    public var rings: [[Coordinate]]

    public init(rings: [[Coordinate]]) {
        self.rings = rings
    }

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.rings = [exterior] + holes
    }

    public var exterior: [Coordinate] { rings.first ?? [] }
    public var holes: ArraySlice<[Coordinate]> { rings.dropFirst() }

    public var boundingBox: BoundingBox { BoundingBox(covering: exterior) }

    /// Twice the signed area of a closed ring (shoelace): positive when counter-clockwise.
    public static func signedDoubleArea(of ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum
    }

    /// Planar area of the polygon in the square of its coordinate unit.
    public var area: Double {
        guard let outer = rings.first else { return 0 }
        var total = abs(Self.signedDoubleArea(of: outer))
        for hole in rings.dropFirst() { total -= abs(Self.signedDoubleArea(of: hole)) }
        return total / 2
    }

    /// The same polygon with RFC 7946 winding: exterior counter-clockwise, holes clockwise.
    public func rfc7946Oriented() -> Polygon {
        var oriented = rings
        for i in oriented.indices {
            let ccw = Self.signedDoubleArea(of: oriented[i]) > 0
            if (i == 0) != ccw { oriented[i].reverse() }
        }
        return Polygon(rings: oriented)
    }
}
