import GeoKit

/// Binary spatial weights: for each cell, the other cells that count as its neighbours
/// (the cell itself is added by Gi*, not stored here). Compressed rows for speed.
public struct SpatialWeights: Sendable, Equatable {
    /// Neighbours of cell i: neighbours[offsets[i]..<offsets[i + 1]], ascending.
    public let offsets: [Int32]
    public let neighbours: [Int32]

    public var count: Int { offsets.count - 1 }

    public init(neighbourLists: [[Int32]]) {
        var offsets: [Int32] = [0]
        var flat: [Int32] = []
        for list in neighbourLists {
            flat.append(contentsOf: list.sorted())
            offsets.append(Int32(flat.count))
        }
        self.offsets = offsets
        self.neighbours = flat
    }

    public func neighbours(of cell: Int) -> ArraySlice<Int32> { neighbours[Int(offsets[cell])..<Int(offsets[cell + 1])] }

    /// Cells with no neighbour at all.
    public var islands: [Int] { (0..<count).filter { offsets[$0] == offsets[$0 + 1] } }

    /// Queen contiguity on a square grid: the up to 8 occupied cells around each cell.
    /// `cells` are integer cell indices (cx, cy); they need not be sorted.
    public static func queen(_ cells: [(x: Int, y: Int)]) -> SpatialWeights {
        band(cells, reach: 1) { dx, dy in dx != 0 || dy != 0 }
    }

    /// A distance band on a square grid: the cells whose centres lie within `distance` of the
    /// cell's centre (`cellSize` apart per step).
    public static func distanceBand(_ cells: [(x: Int, y: Int)], cellSize: Double, distance: Double) -> SpatialWeights {
        let reach = Int((distance / cellSize).rounded(.down))
        let limit = distance * distance
        return band(cells, reach: reach) { dx, dy in
            (dx != 0 || dy != 0) && Double(dx * dx + dy * dy) * cellSize * cellSize <= limit
        }
    }

    /// Neighbours within `reach` steps that `accept` the offset, found by looking cells up in
    /// a table keyed by position.
    private static func band(_ cells: [(x: Int, y: Int)], reach: Int, accept: (Int, Int) -> Bool) -> SpatialWeights {
        var index = [Int64: Int32](minimumCapacity: cells.count)
        func key(_ x: Int, _ y: Int) -> Int64 { Int64(x) << 32 | Int64(UInt32(truncatingIfNeeded: y)) }
        for (i, cell) in cells.enumerated() { index[key(cell.x, cell.y)] = Int32(i) }
        var offsets: [Int32] = [0]
        var flat: [Int32] = []
        offsets.reserveCapacity(cells.count + 1)
        flat.reserveCapacity(cells.count * 8)
        var row: [Int32] = []
        for cell in cells {
            row.removeAll(keepingCapacity: true)
            if reach > 0 {
                for dx in -reach...reach {
                    for dy in -reach...reach where accept(dx, dy) {
                        if let j = index[key(cell.x + dx, cell.y + dy)] { row.append(j) }
                    }
                }
            }
            row.sort()
            flat.append(contentsOf: row)
            offsets.append(Int32(flat.count))
        }
        return SpatialWeights(offsets: offsets, neighbours: flat)
    }

    private init(offsets: [Int32], neighbours: [Int32]) {
        self.offsets = offsets
        self.neighbours = neighbours
    }
}
