import GeoKit

/// Finds the nearest area boundary within a fixed distance, in the dataset's metric CRS (on
/// the ellipsoid when it measures there: the plane then only finds the candidate edges, within
/// the distance widened by its largest scale, and the ellipsoid measures from the point to the
/// nearest point of each).
///
/// Built only when some point falls in no area. Every boundary edge is projected once and
/// filed in a uniform grid of cells as wide as the search distance, so a query looks at the
/// edges of at most nine cells, whatever the size of the areas: a province with coastline in
/// tens of thousands of vertices answers in microseconds.
public struct NearestAreaIndex: Sendable {
    public let distance: Double
    /// The search's reach in the plane: `distance`, widened for a store measuring on the ellipsoid.
    private let planarDistance: Double
    /// The system, when distances are measured on the ellipsoid.
    private let geodesic: MetricCRS?
    private let cellSize: Double
    /// Edges as area, x1, y1, x2, y2 (metres).
    private let edges: [(area: Int32, a: Coordinate, b: Coordinate)]
    private let cells: [Int64: [Int32]]

    /// - Parameter near: if given, only areas whose box comes within `distance` of one of
    ///   these longitude/latitude points are indexed: the few points in no area are usually on
    ///   the coast, and projecting every edge of a province to serve them would cost more than
    ///   the whole point-in-polygon pass.
    /// - Parameter boxes: the geometries' bounding boxes, when known (scanning every vertex
    ///   again for each batch of points costs more than the index).
    init(geometries: [MultiPolygon], boxes: [BoundingBox]? = nil, distance: Double, metricCRS projection: MetricCRS, near points: [Coordinate]? = nil) {
        self.distance = distance
        var planarDistance = distance
        if projection.distances == .geodesic {
            let extent = points.flatMap { MetricCRS.extent(covering: $0) }
                ?? (boxes ?? geometries.map(\.boundingBox)).reduce(BoundingBox.empty) { $0.union($1) }
            planarDistance = distance * projection.planarReach(over: extent)
        }
        self.planarDistance = planarDistance
        self.geodesic = projection.distances == .geodesic ? projection : nil
        let cellSize = max(planarDistance, 50)
        self.cellSize = cellSize
        var edges: [(area: Int32, a: Coordinate, b: Coordinate)] = []
        var cells: [Int64: [Int32]] = [:]
        // Degrees are at least 100 km apart in latitude and, below 60°, 50 km in longitude.
        let margins = (lon: distance / 50_000, lat: distance / 100_000)
        let wanted = points.map { points in
            points.map { BoundingBox(minX: $0.x - margins.lon, minY: $0.y - margins.lat, maxX: $0.x + margins.lon, maxY: $0.y + margins.lat) }
        }
        for area in geometries.indices {
            if let wanted {
                // By index: binding each geometry to a variable first would retain and release
                // its arrays, for every area, whether it is near a point or not.
                let box = boxes?[area] ?? geometries[area].boundingBox
                guard wanted.contains(where: { $0.intersects(box) }) else { continue }
            }
            for polygon in geometries[area].polygons {
                for ring in polygon.rings where ring.count > 1 {
                    var a = projection.forward(ring[0])
                    for i in 1..<ring.count {
                        let b = projection.forward(ring[i])
                        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else {
                            a = b
                            continue
                        }
                        let id = Int32(edges.count)
                        edges.append((Int32(area), a, b))
                        let x0 = Self.cell(min(a.x, b.x), cellSize), x1 = Self.cell(max(a.x, b.x), cellSize)
                        let y0 = Self.cell(min(a.y, b.y), cellSize), y1 = Self.cell(max(a.y, b.y), cellSize)
                        // An edge spanning thousands of cells only exists where the projection
                        // is wildly distorted, a quarter of the globe from its meridian.
                        guard Double(x1 - x0 + 1) * Double(y1 - y0 + 1) <= 100_000 else {
                            a = b
                            continue
                        }
                        for cx in x0...x1 { for cy in y0...y1 { cells[Self.key(cx, cy), default: []].append(id) } }
                        a = b
                    }
                }
            }
        }
        self.edges = edges
        self.cells = cells
    }

    private static func cell(_ v: Double, _ size: Double) -> Int {
        let c = (v / size).rounded(.down)
        return c.isFinite ? Int(max(min(c, 1e12), -1e12)) : 0
    }
    private static func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(truncatingIfNeeded: y)) }

    /// The nearest area within `distance` of the projected point; ties go to the lower index.
    public func nearest(to q: Coordinate) -> (index: Int, distance: Double)? {
        guard q.x.isFinite, q.y.isFinite, abs(q.x) < 1e12, abs(q.y) < 1e12 else { return nil }
        var best: (index: Int, distance: Double)?
        let reach = planarDistance
        let x0 = Self.cell(q.x - reach, cellSize), x1 = Self.cell(q.x + reach, cellSize)
        let y0 = Self.cell(q.y - reach, cellSize), y1 = Self.cell(q.y + reach, cellSize)
        let onEllipsoid = geodesic.map { ($0, $0.ellipsoid.geocentric($0.inverse(q))) }
        for cx in x0...x1 {
            for cy in y0...y1 {
                guard let ids = cells[Self.key(cx, cy)] else { continue }
                for id in ids {
                    let edge = edges[Int(id)]
                    var d = AreaIndex.segmentDistance(q, edge.a, edge.b)
                    if let (crs, point) = onEllipsoid {
                        guard d <= reach else { continue }
                        let nearest = crs.inverse(AreaIndex.nearestPoint(to: q, onSegment: edge.a, edge.b))
                        d = crs.ellipsoid.surfaceDistance(point, crs.ellipsoid.geocentric(nearest))
                    }
                    let area = Int(edge.area)
                    if d <= distance, best == nil || d < best!.distance || (d == best!.distance && area < best!.index) {
                        best = (area, d)
                    }
                }
            }
        }
        return best
    }
}
