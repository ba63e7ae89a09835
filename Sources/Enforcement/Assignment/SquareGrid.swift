import Foundation
import GeoKit

/// The regular square enforcement grid laid in EPSG:4547 metres.
///
/// Cell (ix, iy) covers [ix·size, (ix+1)·size) × [iy·size, (iy+1)·size): the floor of the
/// projected coordinate divided by the size, so neighbouring cells never share a point.
public struct SquareGrid: Sendable, Equatable {
    public let cellSize: Double

    public init(cellSize: Double = 1000) {
        self.cellSize = cellSize
    }

    /// The cell holding `projected`; nil where the projection has no finite value (a point a
    /// quarter of the globe away from the central meridian, far outside any Chinese province).
    @inline(__always)
    public func cell(of projected: Coordinate) -> (x: Int, y: Int)? {
        let x = (projected.x / cellSize).rounded(.down), y = (projected.y / cellSize).rounded(.down)
        guard x.isFinite, y.isFinite, abs(x) < 1e15, abs(y) < 1e15 else { return nil }
        return (Int(x), Int(y))
    }

    /// The cell's square in EPSG:4547 metres.
    public func bounds(ofCell x: Int, _ y: Int) -> BoundingBox {
        BoundingBox(
            minX: Double(x) * cellSize, minY: Double(y) * cellSize,
            maxX: Double(x + 1) * cellSize, maxY: Double(y + 1) * cellSize)
    }
}
