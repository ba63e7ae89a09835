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

    @inline(__always)
    public func cell(of projected: Coordinate) -> (x: Int, y: Int) {
        (Int((projected.x / cellSize).rounded(.down)), Int((projected.y / cellSize).rounded(.down)))
    }

    /// The cell's square in EPSG:4547 metres.
    public func bounds(ofCell x: Int, _ y: Int) -> BoundingBox {
        BoundingBox(
            minX: Double(x) * cellSize, minY: Double(y) * cellSize,
            maxX: Double(x + 1) * cellSize, maxY: Double(y + 1) * cellSize)
    }
}
