/// Ramer–Douglas–Peucker simplification of a line or ring in planar coordinates: keeps the
/// vertices that stand more than `tolerance` from the chord of the part they are in.
///
/// For drawing, not analysis: thousands of grid outlines drawn at page scale need a fraction of
/// their vertices. A closed ring keeps its first (= last) vertex and at least four positions.
public enum DouglasPeucker {
    public static func simplify(_ points: [Coordinate], tolerance: Double) -> [Coordinate] {
        guard points.count > 3 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        let closed = points.first == points.last
        // A ring's chord from a vertex to itself has no length: split it at its farthest vertex.
        var ranges: [(Int, Int)] = []
        if closed {
            var farthest = 1, best = -1.0
            for k in 1..<(points.count - 1) {
                let d = squaredDistance(points[0], points[k])
                if d > best { best = d; farthest = k }
            }
            keep[farthest] = true
            ranges = [(0, farthest), (farthest, points.count - 1)]
        } else {
            ranges = [(0, points.count - 1)]
        }
        let squaredTolerance = tolerance * tolerance
        while let (first, last) = ranges.popLast() {
            guard last > first + 1 else { continue }
            var index = first, worst = -1.0
            for k in (first + 1)..<last {
                let d = squaredSegmentDistance(points[k], points[first], points[last])
                if d > worst { worst = d; index = k }
            }
            if worst > squaredTolerance {
                keep[index] = true
                ranges.append((first, index))
                ranges.append((index, last))
            }
        }
        var result: [Coordinate] = []
        for k in points.indices where keep[k] { result.append(points[k]) }
        if closed && result.count < 4 { return points.count <= 4 ? points : [points[0], points[points.count / 3], points[2 * points.count / 3], points[0]] }
        return result
    }

    private static func squaredDistance(_ a: Coordinate, _ b: Coordinate) -> Double {
        (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)
    }

    private static func squaredSegmentDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length = dx * dx + dy * dy
        guard length > 0 else { return squaredDistance(p, a) }
        let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length))
        return squaredDistance(p, Coordinate(a.x + t * dx, a.y + t * dy))
    }
}
