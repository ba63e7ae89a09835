import Foundation
import GeoKit

/// Finds which of a set of areas covers a point, fast enough for a whole province at once.
///
/// Areas are kept in ascending code order and a uniform grid over their extent lists, per cell,
/// the areas whose bounding box meets it. A point covered by several areas (a shared border, or
/// the overlaps real boundary files have) goes to the one with the lowest code: the rule is
/// deterministic, documented, and easy for an independent reference to reproduce.
public struct AreaIndex: Sendable {
    /// Area codes in ascending order; results are indexes into this array.
    public let codes: [String]
    let geometries: [MultiPolygon]
    private let locators: [PolygonLocator]
    let extent: BoundingBox
    private let columns: Int
    private let rows: Int
    private let cellWidth: Double
    private let cellHeight: Double
    private let cellStart: [Int32]
    private let cellItems: [Int32]

    /// - Parameter areas: longitude/latitude outlines; duplicate codes keep the first.
    public init(areas: [(code: String, geometry: MultiPolygon)]) {
        var seen = Set<String>()
        let sorted = areas.sorted { $0.code < $1.code }.filter { seen.insert($0.code).inserted }
        codes = sorted.map(\.code)
        geometries = sorted.map(\.geometry)
        locators = geometries.map(PolygonLocator.init)
        let extent = locators.reduce(BoundingBox.empty) { $0.union($1.box) }
        self.extent = extent

        // About 16 cells per area keeps the candidate lists short.
        let cellCount = max(1, min(locators.count * 16, 4_000_000))
        let aspect = extent.isEmpty ? 1 : max(extent.width, 1e-9) / max(extent.height, 1e-9)
        let columns = max(1, Int((Double(cellCount) * aspect).squareRoot()))
        let rows = max(1, cellCount / columns)
        self.columns = columns
        self.rows = rows
        cellWidth = extent.isEmpty ? 1 : max(extent.width / Double(columns), 1e-12)
        cellHeight = extent.isEmpty ? 1 : max(extent.height / Double(rows), 1e-12)

        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var spans: [(Int, Int, Int, Int)] = []
        spans.reserveCapacity(locators.count)
        for locator in locators {
            let span = (
                Self.clamp(Int(((locator.box.minX - extent.minX) / cellWidth).rounded(.down)), columns),
                Self.clamp(Int(((locator.box.maxX - extent.minX) / cellWidth).rounded(.down)), columns),
                Self.clamp(Int(((locator.box.minY - extent.minY) / cellHeight).rounded(.down)), rows),
                Self.clamp(Int(((locator.box.maxY - extent.minY) / cellHeight).rounded(.down)), rows))
            spans.append(span)
            for row in span.2...span.3 { for column in span.0...span.1 { counts[row * columns + column + 1] += 1 } }
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var items = [Int32](repeating: 0, count: Int(counts.last ?? 0))
        var fill = counts
        for (area, span) in spans.enumerated() {
            for row in span.2...span.3 {
                for column in span.0...span.1 {
                    let cell = row * columns + column
                    items[Int(fill[cell])] = Int32(area)
                    fill[cell] += 1
                }
            }
        }
        cellStart = counts
        cellItems = items
    }

    private static func clamp(_ value: Int, _ count: Int) -> Int { min(max(value, 0), count - 1) }

    public var count: Int { codes.count }

    /// The index of the lowest-coded area covering `p`, or nil when none does.
    @inline(__always)
    public func locate(_ p: Coordinate) -> Int? {
        guard extent.contains(p) else { return nil }
        let column = Self.clamp(Int(((p.x - extent.minX) / cellWidth).rounded(.down)), columns)
        let row = Self.clamp(Int(((p.y - extent.minY) / cellHeight).rounded(.down)), rows)
        let cell = row * columns + column
        // Candidates are in ascending area (and so code) order: the first hit is the answer.
        for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
            let area = Int(cellItems[k])
            if locators[area].covers(p) { return area }
        }
        return nil
    }

    /// An index of the areas' boundaries for snapping points within `metres` (as `metricCRS`
    /// measures them: in its plane, or on the ellipsoid).
    ///
    /// - Parameter points: when given, only areas near these longitude/latitude points are indexed.
    public func nearestIndex(within metres: Double, metricCRS: MetricCRS, near points: [Coordinate]? = nil) -> NearestAreaIndex {
        NearestAreaIndex(geometries: geometries, boxes: locators.map(\.box), distance: metres, metricCRS: metricCRS, near: points)
    }

    /// The point of segment a–b nearest to p, in the plane.
    static func nearestPoint(to p: Coordinate, onSegment a: Coordinate, _ b: Coordinate) -> Coordinate {
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared > 0 ? min(max(((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared, 0), 1) : 0
        return Coordinate(a.x + t * dx, a.y + t * dy)
    }

    @inline(__always)
    static func segmentDistance(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        var t = lengthSquared > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared : 0
        t = min(max(t, 0), 1)
        let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
        return (ex * ex + ey * ey).squareRoot()
    }
}
