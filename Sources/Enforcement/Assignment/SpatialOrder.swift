import GeoKit

/// Orders points along a Z-order (Morton) curve, so that points close in space are close in
/// the order.
///
/// The assigner visits points in this order to keep each polygon's edges in cache; the store
/// lays source rows out in it, so that a bounding-box query reads a few pages instead of one
/// page per source.
public enum SpatialOrder {
    /// Point indexes sorted by their position on the curve (16 bits per axis over the points'
    /// extent); ties keep their original order.
    public static func indexes(of points: [Coordinate]) -> [Int32] {
        let box = BoundingBox(covering: points)
        guard !box.isEmpty else { return Array(0..<Int32(points.count)) }
        let sx = 65535 / max(box.width, 1e-12), sy = 65535 / max(box.height, 1e-12)
        // The curve position above the index, in one integer: sorting these orders by position,
        // then index, as comparing (key, index) pairs through a closure did, and cheaper.
        var keyed = [UInt64]()
        keyed.reserveCapacity(points.count)
        for (i, p) in points.enumerated() {
            let x = UInt32(((p.x - box.minX) * sx).rounded(.down)), y = UInt32(((p.y - box.minY) * sy).rounded(.down))
            keyed.append(UInt64(spread(x) | spread(y) << 1) << 32 | UInt64(UInt32(i)))
        }
        keyed.sort()
        return keyed.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// Interleaves the low 16 bits of `v` with zeros.
    private static func spread(_ v: UInt32) -> UInt32 {
        var x = v & 0xFFFF
        x = (x | (x << 8)) & 0x00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F
        x = (x | (x << 2)) & 0x3333_3333
        x = (x | (x << 1)) & 0x5555_5555
        return x
    }
}
