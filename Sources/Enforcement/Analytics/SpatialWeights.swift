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
        offsets.reserveCapacity(neighbourLists.count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(neighbourLists.reduce(0) { $0 + $1.count })
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
        band(cells, reach: 1) { _, _, dx, dy in dx != 0 || dy != 0 }
    }

    /// A distance band on a square grid: the cells whose centres lie within `distance` of the
    /// cell's centre (`cellSize` apart per step).
    public static func distanceBand(_ cells: [(x: Int, y: Int)], cellSize: Double, distance: Double) -> SpatialWeights {
        let reach = Int((distance / cellSize).rounded(.down))
        let limit = distance * distance
        return band(cells, reach: reach) { _, _, dx, dy in
            (dx != 0 || dy != 0) && Double(dx * dx + dy * dy) * cellSize * cellSize <= limit
        }
    }

    /// A distance band measured elsewhere than on the grid (on the ellipsoid, for cells of a
    /// plane that does not keep distances): the cells within `reach` steps that `isWithin`
    /// accepts, given the two cells' indices in `cells`.
    public static func distanceBand(
        _ cells: [(x: Int, y: Int)], reach: Int, isWithin: (_ cell: Int, _ other: Int) -> Bool
    ) -> SpatialWeights {
        band(cells, reach: reach) { cell, other, dx, dy in (dx != 0 || dy != 0) && isWithin(cell, other) }
    }

    /// Neighbours within `reach` steps that `accept` (the cell's and the other's indices, and the
    /// offset between them). The cells are swept column by
    /// column in (x, y) order with one cursor per neighbouring column, so the whole build is
    /// linear after one sort (no hashing: 100,000 cells take a few milliseconds).
    private static func band(_ cells: [(x: Int, y: Int)], reach: Int, accept: (Int, Int, Int, Int) -> Bool) -> SpatialWeights {
        let n = cells.count
        var keyed = (0..<n).map { (x: cells[$0].x, y: cells[$0].y, index: Int32($0)) }
        keyed.sort { ($0.x, $0.y) < ($1.x, $1.y) }
        var columnX: [Int] = []
        var columnStart: [Int] = []
        for position in 0..<n where position == 0 || keyed[position].x != keyed[position - 1].x {
            columnX.append(keyed[position].x)
            columnStart.append(position)
        }
        columnStart.append(n)

        // Rows in sorted order, flat; each row's neighbours are original indices.
        var flat: [Int32] = []
        flat.reserveCapacity(n * 8)
        var rowStart = [Int32](repeating: 0, count: n + 1)
        var cursors: [Int] = []
        var first = 0
        for column in columnX.indices {
            let x = columnX[column]
            while columnX[first] < x - reach { first += 1 }
            var last = column
            while last + 1 < columnX.count && columnX[last + 1] <= x + reach { last += 1 }
            cursors.removeAll(keepingCapacity: true)
            cursors.append(contentsOf: columnStart[first...last])
            for position in columnStart[column]..<columnStart[column + 1] {
                let cell = keyed[position]
                let rowFirst = flat.count
                for k in 0...(last - first) {
                    let other = first + k
                    let dx = columnX[other] - x
                    let end = columnStart[other + 1]
                    while cursors[k] < end && keyed[cursors[k]].y < cell.y - reach { cursors[k] += 1 }
                    var q = cursors[k]
                    while q < end && keyed[q].y <= cell.y + reach {
                        if accept(Int(cell.index), Int(keyed[q].index), dx, keyed[q].y - cell.y) { flat.append(keyed[q].index) }
                        q += 1
                    }
                }
                flat[rowFirst...].sort()
                rowStart[position + 1] = Int32(flat.count)
            }
        }
        // Cells given in (x, y) order (the usual case) need no reordering.
        if keyed.indices.allSatisfy({ keyed[$0].index == Int32($0) }) {
            return SpatialWeights(offsets: rowStart, neighbours: flat)
        }
        var positionOf = [Int](repeating: 0, count: n)
        for (position, cell) in keyed.enumerated() { positionOf[Int(cell.index)] = position }
        var offsets: [Int32] = [0]
        var neighbours: [Int32] = []
        neighbours.reserveCapacity(flat.count)
        for i in 0..<n {
            let position = positionOf[i]
            neighbours.append(contentsOf: flat[Int(rowStart[position])..<Int(rowStart[position + 1])])
            offsets.append(Int32(neighbours.count))
        }
        return SpatialWeights(offsets: offsets, neighbours: neighbours)
    }

    private init(offsets: [Int32], neighbours: [Int32]) {
        self.offsets = offsets
        self.neighbours = neighbours
    }
}
