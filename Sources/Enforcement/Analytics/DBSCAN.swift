import Foundation
import GeoKit

/// Density-based clusters of points in a projected plane (metres): DBSCAN with the
/// conventions of scikit-learn's `DBSCAN(eps, min_samples)` and PostGIS `ST_ClusterDBSCAN`.
///
/// A point is core when at least `minPoints` points (itself included) lie within `eps` of it;
/// core points within `eps` of each other share a cluster; a non-core point within `eps` of a
/// core point is a border point, and joins the cluster of the first such core point in input
/// order (callers pass points in source-id order, so the result is deterministic and does not
/// depend on how the points were read); every other point is noise (-1). Clusters are numbered
/// 0, 1, … in the order of their first member.
///
/// Neighbours are found through a grid of `eps`-sized cells, so the work grows with the
/// points and their local density, not with the square of the count; core points are decided
/// on two threads, stopping each count at `minPoints`.
public struct DBSCAN: Sendable {
    public struct Result: Sendable, Equatable {
        /// Cluster number per input point; -1 for noise.
        public var labels: [Int32]
        public var isCore: [Bool]
        public var clusterCount: Int
    }

    public var eps: Double
    public var minPoints: Int

    public init(eps: Double, minPoints: Int) {
        self.eps = eps
        self.minPoints = minPoints
    }

    public func run(_ points: [Coordinate]) -> Result {
        let n = points.count
        guard n > 0, eps > 0, minPoints >= 1 else {
            return Result(labels: [Int32](repeating: -1, count: n), isCore: [Bool](repeating: false, count: n), clusterCount: 0)
        }
        let grid = CellGrid(points: points, cellSize: eps)
        let epsSquared = eps * eps

        // 1. Core points: count neighbours, stopping at minPoints.
        var isCore = [Bool](repeating: false, count: n)
        let minPoints = self.minPoints
        isCore.withUnsafeMutableBufferPointer { core in
            let core = UnsafeMutableSendablePointer(core.baseAddress!)
            let workers = min(2, max(1, grid.cellCount / 64))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var cell = worker
                while cell < grid.cellCount {
                    grid.forEachPoint(inCell: cell) { p in
                        var count = 0
                        grid.forEachNeighbour(ofCell: cell) { q in
                            if count < minPoints, points[p].squaredDistance(to: points[q]) <= epsSquared { count += 1 }
                            return count < minPoints
                        }
                        core.pointer[p] = count >= minPoints
                    }
                    cell += workers
                }
            }
        }

        // 2. Core points within eps of each other share a cluster.
        var parent = [Int32](repeating: -1, count: n)
        for p in 0..<n where isCore[p] { parent[p] = Int32(p) }
        func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root {
                let next = parent[Int(node)]
                parent[Int(node)] = root
                node = next
            }
            return root
        }
        for cell in 0..<grid.cellCount {
            grid.forEachPoint(inCell: cell) { p in
                guard isCore[p] else { return }
                grid.forEachNeighbour(ofCell: cell) { q in
                    if q > p, isCore[q], points[p].squaredDistance(to: points[q]) <= epsSquared {
                        let a = find(Int32(p)), b = find(Int32(q))
                        if a != b { parent[Int(max(a, b))] = min(a, b) }
                    }
                    return true
                }
            }
        }

        // 3. Roots for core points; border points take the first core neighbour's.
        var root = [Int32](repeating: -1, count: n)
        for p in 0..<n where isCore[p] { root[p] = find(Int32(p)) }
        for cell in 0..<grid.cellCount {
            grid.forEachPoint(inCell: cell) { p in
                guard !isCore[p] else { return }
                var first = Int.max
                grid.forEachNeighbour(ofCell: cell) { q in
                    if isCore[q], q < first, points[p].squaredDistance(to: points[q]) <= epsSquared { first = q }
                    return true
                }
                if first != Int.max { root[p] = root[first] }
            }
        }

        // 4. Number clusters by their first member in input order.
        var number = [Int32: Int32]()
        var labels = [Int32](repeating: -1, count: n)
        for p in 0..<n where root[p] >= 0 {
            if let assigned = number[root[p]] {
                labels[p] = assigned
            } else {
                let next = Int32(number.count)
                number[root[p]] = next
                labels[p] = next
            }
        }
        return Result(labels: labels, isCore: isCore, clusterCount: number.count)
    }
}

/// A pointer handed to concurrent workers that write disjoint elements.
private struct UnsafeMutableSendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Points bucketed in square cells, each cell knowing its (up to) 9 neighbouring cells.
struct CellGrid: Sendable {
    /// Points of cell c: order[start[c]..<start[c + 1]].
    private let start: [Int32]
    private let order: [Int32]
    /// Neighbouring cells (itself included) of cell c: neighbours[neighbourStart[c]..<neighbourStart[c + 1]].
    private let neighbourStart: [Int32]
    private let neighbours: [Int32]

    var cellCount: Int { start.count - 1 }

    init(points: [Coordinate], cellSize: Double) {
        let n = points.count
        var minX = Double.infinity, minY = Double.infinity
        for p in points {
            minX = min(minX, p.x)
            minY = min(minY, p.y)
        }
        func key(_ cx: Int, _ cy: Int) -> Int64 { Int64(cx) << 32 | Int64(cy) }
        var keys = [Int64](repeating: 0, count: n)
        for (i, p) in points.enumerated() {
            keys[i] = key(Int(((p.x - minX) / cellSize).rounded(.down)), Int(((p.y - minY) / cellSize).rounded(.down)))
        }
        var sorted = Array(0..<Int32(n))
        sorted.sort { keys[Int($0)] != keys[Int($1)] ? keys[Int($0)] < keys[Int($1)] : $0 < $1 }
        var start: [Int32] = []
        var cellKeys: [Int64] = []
        for (position, index) in sorted.enumerated() where position == 0 || keys[Int(index)] != keys[Int(sorted[position - 1])] {
            start.append(Int32(position))
            cellKeys.append(keys[Int(index)])
        }
        start.append(Int32(n))
        var cellOfKey = [Int64: Int32](minimumCapacity: cellKeys.count)
        for (c, k) in cellKeys.enumerated() { cellOfKey[k] = Int32(c) }
        var neighbourStart: [Int32] = [0]
        var neighbours: [Int32] = []
        neighbours.reserveCapacity(cellKeys.count * 9)
        for k in cellKeys {
            let cx = Int(k >> 32), cy = Int(k & 0xFFFF_FFFF)
            for dx in -1...1 {
                for dy in -1...1 {
                    if let c = cellOfKey[key(cx + dx, cy + dy)] { neighbours.append(c) }
                }
            }
            neighbourStart.append(Int32(neighbours.count))
        }
        self.start = start
        self.order = sorted
        self.neighbourStart = neighbourStart
        self.neighbours = neighbours
    }

    @inline(__always) func forEachPoint(inCell cell: Int, _ body: (Int) -> Void) {
        for k in Int(start[cell])..<Int(start[cell + 1]) { body(Int(order[k])) }
    }

    /// Calls `body` with every point of the cell's neighbourhood until it returns false.
    @inline(__always) func forEachNeighbour(ofCell cell: Int, _ body: (Int) -> Bool) {
        for m in Int(neighbourStart[cell])..<Int(neighbourStart[cell + 1]) {
            let other = Int(neighbours[m])
            for k in Int(start[other])..<Int(start[other + 1]) where !body(Int(order[k])) { return }
        }
    }
}
