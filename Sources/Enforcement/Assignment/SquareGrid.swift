import Foundation
import GeoKit

/// The regular square enforcement grid laid in the dataset's metric CRS.
///
/// Cell (ix, iy) covers [ix·size, (ix+1)·size) × [iy·size, (iy+1)·size): the floor of the
/// projected coordinate divided by the size, so neighbouring cells never share a point. The
/// grid carries its CRS because a cell number means nothing without it: the same (ix, iy) is
/// another square on the ground in another system.
public struct SquareGrid: Sendable, Equatable {
    public let cellSize: Double
    /// The system the cells are squares of (the store's, `MetricCRS`).
    public let metricCRS: MetricCRS

    public init(cellSize: Double = 1000, metricCRS: MetricCRS) {
        self.cellSize = cellSize
        self.metricCRS = metricCRS
    }

    /// The cell holding `projected`; nil where the projection has no finite value (a point a
    /// quarter of the globe away from the central meridian, far outside any Chinese province).
    @inline(__always)
    public func cell(of projected: Coordinate) -> (x: Int, y: Int)? {
        let x = (projected.x / cellSize).rounded(.down), y = (projected.y / cellSize).rounded(.down)
        guard x.isFinite, y.isFinite, abs(x) < 1e15, abs(y) < 1e15 else { return nil }
        return (Int(x), Int(y))
    }

    /// The cell's square in the grid's metric CRS.
    public func bounds(ofCell x: Int, _ y: Int) -> BoundingBox {
        BoundingBox(
            minX: Double(x) * cellSize, minY: Double(y) * cellSize,
            maxX: Double(x + 1) * cellSize, maxY: Double(y + 1) * cellSize)
    }

    /// The cell's corners in WGS-84, counter-clockwise from the lower left, not closed. Each is
    /// its grid line's number times the size, transformed, so neighbouring cells share their
    /// corners bit for bit.
    ///
    /// Hot-spot runs store square cells by number rather than as polygons (a province has about
    /// 100,000 occupied 1 km cells; writing and indexing their outlines cost more than the
    /// analysis), so everything that draws or filters a cell rebuilds its outline here.
    public func corners(ofCell x: Int, _ y: Int) -> [Coordinate] {
        let box = bounds(ofCell: x, y)
        return [Coordinate(box.minX, box.minY), Coordinate(box.maxX, box.minY), Coordinate(box.maxX, box.maxY), Coordinate(box.minX, box.maxY)]
            .map { metricCRS.inverse($0) }
    }

    /// The cell as a closed, counter-clockwise WGS-84 polygon: its corners joined by straight lines.
    public func outline(ofCell x: Int, _ y: Int) -> Polygon {
        let ring = corners(ofCell: x, y)
        return Polygon(rings: [ring + [ring[0]]])
    }

    /// Whether the cell's WGS-84 outline meets a longitude/latitude box, touching included.
    public func cell(_ x: Int, _ y: Int, meets box: BoundingBox) -> Bool {
        box.meets(convexRing: corners(ofCell: x, y))
    }

    /// A box in `crs` metres that holds every cell whose WGS-84 outline can meet `box`:
    /// the box's projected bounds, padded for the slight curvature of straight
    /// longitude/latitude edges in the projection (metres, even for 100 km cells).
    public static func projectedSearchBounds(of box: BoundingBox, in crs: MetricCRS) -> BoundingBox {
        crs.forwardBounds(of: box).expanded(by: 200)
    }

    /// A box in `crs` metres every point of which lies inside the longitude/latitude `box`,
    /// or nil when the box is too small to hold one. A cell within it meets the box for sure
    /// (its corners lie in the box, which is convex), so a filter need not test it exactly:
    /// on a province-wide box that is nearly every cell.
    public static func projectedInnerBounds(of box: BoundingBox, in projection: MetricCRS) -> BoundingBox? {
        var inner = BoundingBox(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        let steps = 32
        for k in 0...steps {
            let t = Double(k) / Double(steps)
            let lon = box.minX + box.width * t, lat = box.minY + box.height * t
            inner.minX = max(inner.minX, projection.forward(Coordinate(box.minX, lat)).x)
            inner.maxX = min(inner.maxX, projection.forward(Coordinate(box.maxX, lat)).x)
            inner.minY = max(inner.minY, projection.forward(Coordinate(lon, box.minY)).y)
            inner.maxY = min(inner.maxY, projection.forward(Coordinate(lon, box.maxY)).y)
        }
        // Shrunk for the curvature between samples, then checked the other way round.
        inner = inner.expanded(by: -200)
        guard !inner.isEmpty, inner.minX.isFinite, inner.maxX.isFinite, inner.minY.isFinite, inner.maxY.isFinite else { return nil }
        let back = projection.inverseBounds(of: inner)
        guard back.minX >= box.minX, back.maxX <= box.maxX, back.minY >= box.minY, back.maxY <= box.maxY else { return nil }
        return inner
    }

    /// `outline(ofCell:)` of many cells at once. Neighbouring cells share corners, so each grid
    /// corner is transformed once (about 1.4 per cell instead of 4, on two threads).
    public func outlines(ofCells squares: [(x: Int, y: Int)]) -> [Polygon] {
        let size = cellSize, projection = metricCRS
        let offsets = [(0, 0), (1, 0), (1, 1), (0, 1)]
        var cornerIndex: [Int64: Int32] = [:]
        cornerIndex.reserveCapacity(squares.count * 2)
        var corners: [(x: Int, y: Int)] = []
        var cellCorners = [Int32](repeating: 0, count: squares.count * 4)
        for (i, square) in squares.enumerated() {
            for (k, offset) in offsets.enumerated() {
                let x = square.x + offset.0, y = square.y + offset.1
                let key = Int64(x) << 32 | Int64(UInt32(truncatingIfNeeded: y))
                if let index = cornerIndex[key] {
                    cellCorners[i * 4 + k] = index
                } else {
                    cornerIndex[key] = Int32(corners.count)
                    cellCorners[i * 4 + k] = Int32(corners.count)
                    corners.append((x, y))
                }
            }
        }
        let gridCorners = corners
        var lonLat = [Coordinate](repeating: Coordinate(0, 0), count: corners.count)
        lonLat.withUnsafeMutableBufferPointer { buffer in
            let base = CoordinateBuffer(pointer: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: 2) { chunk in
                for i in stride(from: chunk, to: gridCorners.count, by: 2) {
                    let corner = gridCorners[i]
                    base.pointer[i] = projection.inverse(Coordinate(Double(corner.x) * size, Double(corner.y) * size))
                }
            }
        }
        return squares.indices.map { i in
            let ring = [lonLat[Int(cellCorners[i * 4])], lonLat[Int(cellCorners[i * 4 + 1])], lonLat[Int(cellCorners[i * 4 + 2])],
                        lonLat[Int(cellCorners[i * 4 + 3])], lonLat[Int(cellCorners[i * 4])]]
            return Polygon(rings: [ring])
        }
    }
}

/// The corner buffer, written by two workers at disjoint indices.
private struct CoordinateBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Coordinate>
}
