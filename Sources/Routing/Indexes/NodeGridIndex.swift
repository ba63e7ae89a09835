import Foundation

/// Nearest-node search over longitude/latitude points with a uniform grid of square-ish cells
/// (about `cellMetres` on a side), searched ring by ring until no unseen cell can hold
/// anything nearer. Snapping a thousand stops to a city's road nodes takes milliseconds.
public struct NodeGridIndex: Sendable {
    private let points: [(lon: Double, lat: Double)]
    private let originLon: Double, originLat: Double
    private let cellLon: Double, cellLat: Double
    private let columns: Int, rows: Int
    private let cellStart: [Int32]
    private let cellItems: [Int32]
    private let cellMetres: Double

    public init(points: [(lon: Double, lat: Double)], cellMetres: Double = 250) {
        self.points = points
        self.cellMetres = cellMetres
        let lons = points.map(\.lon), lats = points.map(\.lat)
        originLon = lons.min() ?? 0
        originLat = lats.min() ?? 0
        let meanLat = ((lats.min() ?? 0) + (lats.max() ?? 0)) / 2
        cellLat = cellMetres / 111_195
        cellLon = cellMetres / (111_195 * max(0.01, cos(meanLat * .pi / 180)))
        columns = max(1, Int(((lons.max() ?? 0) - originLon) / cellLon) + 1)
        rows = max(1, Int(((lats.max() ?? 0) - originLat) / cellLat) + 1)
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var cellOfPoint = [Int](repeating: 0, count: points.count)
        for (index, point) in points.enumerated() {
            let cell = Self.cell(point, originLon, originLat, cellLon, cellLat, columns, rows)
            cellOfPoint[index] = cell
            counts[cell + 1] += 1
        }
        for i in 0..<(columns * rows) { counts[i + 1] += counts[i] }
        var fill = counts
        var items = [Int32](repeating: 0, count: points.count)
        for (index, cell) in cellOfPoint.enumerated() {
            items[Int(fill[cell])] = Int32(index)
            fill[cell] += 1
        }
        cellStart = counts
        cellItems = items
    }

    private static func cell(
        _ p: (lon: Double, lat: Double), _ originLon: Double, _ originLat: Double, _ cellLon: Double, _ cellLat: Double,
        _ columns: Int, _ rows: Int
    ) -> Int {
        let x = min(columns - 1, max(0, Int((p.lon - originLon) / cellLon)))
        let y = min(rows - 1, max(0, Int((p.lat - originLat) / cellLat)))
        return y * columns + x
    }

    /// The nearest point and its distance in metres; nil when the index is empty.
    public func nearest(lon: Double, lat: Double) -> (index: Int, metres: Double)? {
        guard !points.isEmpty else { return nil }
        let cx = Int(((lon - originLon) / cellLon).rounded(.down))
        let cy = Int(((lat - originLat) / cellLat).rounded(.down))
        var best = -1
        var bestMetres = Double.infinity
        var ring = 0
        let maxRing = max(columns, rows) + abs(cx) + abs(cy) + 1
        while ring <= maxRing {
            for y in (cy - ring)...(cy + ring) where y >= 0 && y < rows {
                for x in (cx - ring)...(cx + ring) where x >= 0 && x < columns {
                    guard abs(x - cx) == ring || abs(y - cy) == ring else { continue }
                    let cell = y * columns + x
                    for item in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                        let index = Int(cellItems[item])
                        let p = points[index]
                        let metres = GeodesicDistance.metres(lon1: lon, lat1: lat, lon2: p.lon, lat2: p.lat)
                        if metres < bestMetres || (metres == bestMetres && index < best) {
                            best = index
                            bestMetres = metres
                        }
                    }
                }
            }
            // Every point in ring r+1 or beyond is at least r cells away (less a safety margin
            // for the cell's metre size shrinking towards the poles within the grid).
            if best >= 0 && Double(ring) * cellMetres * 0.9 > bestMetres { break }
            ring += 1
        }
        return (best, bestMetres)
    }
}
