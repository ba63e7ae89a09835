/// An axis-aligned rectangle, used for index look-ups and GeoJSON `bbox` members.
public struct BoundingBox: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The empty box: the identity of `union`, contains nothing.
    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    public var isEmpty: Bool { minX > maxX || minY > maxY }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    public init<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        var box = BoundingBox.empty
        for c in coordinates { box.expand(toInclude: c) }
        self = box
    }

    public mutating func expand(toInclude c: Coordinate) {
        if c.x < minX { minX = c.x }
        if c.x > maxX { maxX = c.x }
        if c.y < minY { minY = c.y }
        if c.y > maxY { maxY = c.y }
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(
            minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
            maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    public func contains(_ c: Coordinate) -> Bool {
        c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// The box grown by `margin` on every side.
    public func expanded(by margin: Double) -> BoundingBox {
        BoundingBox(minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin)
    }
}

extension BoundingBox {
    /// Whether a convex ring (closed or not, either orientation) meets the box, touching
    /// included: exact by separating axes (the box's two, then each edge normal of the ring).
    public func meets(convexRing ring: [Coordinate]) -> Bool {
        guard !ring.isEmpty, BoundingBox(covering: ring).intersects(self) else { return false }
        let corners = [Coordinate(minX, minY), Coordinate(maxX, minY), Coordinate(maxX, maxY), Coordinate(minX, maxY)]
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            let normal = Coordinate(b.y - a.y, a.x - b.x)
            guard normal.x != 0 || normal.y != 0 else { continue }
            func project(_ c: Coordinate) -> Double { c.x * normal.x + c.y * normal.y }
            let ringSpan = ring.map(project), boxSpan = corners.map(project)
            if boxSpan.max()! < ringSpan.min()! || ringSpan.max()! < boxSpan.min()! { return false }
        }
        return true
    }
}
