import GeoKit

/// A uniform grid over points (0.02° cells): the points of cell c are
/// `members[cellStart[c]..<cellStart[c + 1]]`, in the order they were given.
///
/// Apart from `SourcePointIndex` so that an index patched after a status change shares it:
/// building it is the part of an index that depends on positions alone.
final class PointGrid: Sendable {
    let cellSize = 0.02
    let extent: BoundingBox
    let columnsCount: Int
    let rowsCount: Int
    let cellStart: [Int32]
    let members: [Int32]

    init(longitudes: [Double], latitudes: [Double]) {
        var box = BoundingBox.empty
        for k in longitudes.indices {
            box.minX = min(box.minX, longitudes[k]); box.maxX = max(box.maxX, longitudes[k])
            box.minY = min(box.minY, latitudes[k]); box.maxY = max(box.maxY, latitudes[k])
        }
        extent = box
        let count = longitudes.count
        let width = box.isEmpty ? 1 : Int((box.maxX - box.minX) / cellSize) + 1
        let height = box.isEmpty ? 1 : Int((box.maxY - box.minY) / cellSize) + 1
        columnsCount = width
        rowsCount = height
        var counts = [Int32](repeating: 0, count: width * height + 1)
        var cellOf = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let ix = min(width - 1, Int((longitudes[k] - box.minX) / cellSize))
            let iy = min(height - 1, Int((latitudes[k] - box.minY) / cellSize))
            let cell = iy * width + ix
            cellOf[k] = Int32(cell)
            counts[cell + 1] += 1
        }
        for c in 0..<(width * height) { counts[c + 1] += counts[c] }
        var next = counts
        var members = [Int32](repeating: 0, count: count)
        for k in 0..<count {
            let cell = Int(cellOf[k])
            members[Int(next[cell])] = Int32(k)
            next[cell] += 1
        }
        cellStart = counts
        self.members = members
    }
}
