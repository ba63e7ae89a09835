import GeoKit

/// Point-in-polygon for one area, with its edges bucketed into horizontal bands.
///
/// A ray-crossing test only needs the edges whose y-range spans the point's y; bucketing them
/// by band makes a test of a 300-vertex town look at a dozen edges instead of 300. All rings of
/// all parts go in together: for a valid MultiPolygon the crossing parity over every ring is
/// exactly "inside an exterior and outside its holes".
struct PolygonLocator: Sendable {
    let box: BoundingBox
    private let bandCount: Int
    private let bandHeight: Double
    /// Edges as x1, y1, x2, y2 runs; band b owns `edges[bandStart[b] * 4 ..< bandStart[b + 1] * 4]`.
    private let edges: [Double]
    private let bandStart: [Int]

    init(_ geometry: MultiPolygon) {
        let box = geometry.boundingBox
        var segments: [(Double, Double, Double, Double)] = []
        for polygon in geometry.polygons {
            for ring in polygon.rings where ring.count > 1 {
                for i in 0..<(ring.count - 1) {
                    let a = ring[i], b = ring[i + 1]
                    if a != b { segments.append((a.x, a.y, b.x, b.y)) }
                }
            }
        }
        let bandCount = max(1, min(segments.count / 6, 512))
        let bandHeight = max(box.height / Double(bandCount), .leastNormalMagnitude)
        var buckets = [[Int]](repeating: [], count: bandCount)
        for (index, s) in segments.enumerated() {
            let low = Self.band(of: min(s.1, s.3), minY: box.minY, height: bandHeight, count: bandCount)
            let high = Self.band(of: max(s.1, s.3), minY: box.minY, height: bandHeight, count: bandCount)
            for b in low...high { buckets[b].append(index) }
        }
        var edges: [Double] = []
        var bandStart = [0]
        for bucket in buckets {
            for index in bucket {
                let s = segments[index]
                edges.append(contentsOf: [s.0, s.1, s.2, s.3])
            }
            bandStart.append(edges.count / 4)
        }
        self.box = box
        self.bandCount = bandCount
        self.bandHeight = bandHeight
        self.edges = edges
        self.bandStart = bandStart
    }

    @inline(__always)
    private static func band(of y: Double, minY: Double, height: Double, count: Int) -> Int {
        let b = Int(((y - minY) / height).rounded(.down))
        return min(max(b, 0), count - 1)
    }

    /// Whether the polygon covers `p`: inside, or exactly on its boundary.
    @inline(__always)
    func covers(_ p: Coordinate) -> Bool {
        guard box.contains(p) else { return false }
        let b = Self.band(of: p.y, minY: box.minY, height: bandHeight, count: bandCount)
        var inside = false
        return edges.withUnsafeBufferPointer { e in
            var i = bandStart[b] * 4
            let end = bandStart[b + 1] * 4
            while i < end {
                let x1 = e[i], y1 = e[i + 1], x2 = e[i + 2], y2 = e[i + 3]
                i += 4
                if (y1 > p.y) != (y2 > p.y) {
                    let t = (p.y - y1) / (y2 - y1)
                    let xCross = x1 + t * (x2 - x1)
                    if p.x < xCross { inside.toggle() } else if p.x == xCross { return true }
                } else if y1 == p.y && y2 == p.y && p.x >= min(x1, x2) && p.x <= max(x1, x2) {
                    return true  // on a horizontal edge
                } else if (y1 == p.y && x1 == p.x) || (y2 == p.y && x2 == p.x) {
                    return true  // on a vertex
                }
            }
            return inside
        }
    }
}
