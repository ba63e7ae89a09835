import Foundation
import GeoKit

/// Density-based clusters of points in a projected plane or on the ellipsoid (metres): DBSCAN with the
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

    /// Clusters of points in a plane, measured there.
    public func run(_ points: [Coordinate]) -> Result {
        points.withUnsafeBufferPointer { xy in
            run(points, cellSize: eps, test: PlanarNeighbours(xy: xy, epsSquared: eps * eps))
        }
    }

    /// Clusters measured on the ellipsoid: `points` in a plane whose scale over them is at most
    /// `planarReach` (`MetricCRS.planarReach(over:)`), which only finds the candidates, and
    /// `geocentric`, the same points on the ellipsoid, which decides who is within `eps`.
    public func run(_ points: [Coordinate], geocentric: [GeocentricPoint], planarReach: Double) -> Result {
        precondition(points.count == geocentric.count, "one geocentric point per point")
        let chord = Ellipsoid.chord(underArc: eps)
        return geocentric.withUnsafeBufferPointer { surface in
            run(points, cellSize: eps * max(1, planarReach), test: ChordNeighbours(points: surface, chordSquared: chord * chord))
        }
    }

    private func run<Test: NeighbourTest>(_ points: [Coordinate], cellSize: Double, test: Test) -> Result {
        let n = points.count
        guard n > 0, eps > 0, minPoints >= 1 else {
            return Result(labels: [Int32](repeating: -1, count: n), isCore: [Bool](repeating: false, count: n), clusterCount: 0)
        }
        let grid = CellGrid(points: points, cellSize: cellSize)
        let minPoints = self.minPoints
        // The loops below run over raw buffers: closures capturing mutable locals would box
        // them on the heap and check exclusivity on every access, which cost a third of the time.
        var isCore = [Bool](repeating: false, count: n)
        var root = [Int32](repeating: -1, count: n)
        do {
            grid.withBuffers { start, order, neighbourStart, neighbours in
                // 1. Core points: count neighbours, stopping at minPoints, on two threads.
                isCore.withUnsafeMutableBufferPointer { coreBuffer in
                    let core = UnsafeMutableSendablePointer(coreBuffer.baseAddress!)
                    let shared = SharedBuffers(test: test, start: start, order: order, neighbourStart: neighbourStart, neighbours: neighbours)
                    let workers = grid.cellCount >= 256 ? 2 : 1
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let (test, start, order, neighbourStart, neighbours) = (shared.test, shared.start, shared.order, shared.neighbourStart, shared.neighbours)
                        var cell = worker
                        while cell < start.count - 1 {
                            for k in Int(start[cell])..<Int(start[cell + 1]) {
                                let p = Int(order[k])
                                var count = 0
                                search: for m in Int(neighbourStart[cell])..<Int(neighbourStart[cell + 1]) {
                                    let other = Int(neighbours[m])
                                    for j in Int(start[other])..<Int(start[other + 1]) where test.areNeighbours(p, Int(order[j])) {
                                        count += 1
                                        if count >= minPoints { break search }
                                    }
                                }
                                core.pointer[p] = count >= minPoints
                            }
                            cell += workers
                        }
                    }
                }

                isCore.withUnsafeBufferPointer { core in
                    root.withUnsafeMutableBufferPointer { parent in
                        // 2. Core points within eps of each other share a cluster (union-find).
                        for p in 0..<n where core[p] { parent[p] = Int32(p) }
                        func find(_ x: Int) -> Int {
                            var r = x
                            while Int(parent[r]) != r { r = Int(parent[r]) }
                            var node = x
                            while Int(parent[node]) != r {
                                let next = Int(parent[node])
                                parent[node] = Int32(r)
                                node = next
                            }
                            return r
                        }
                        for cell in 0..<(start.count - 1) {
                            for k in Int(start[cell])..<Int(start[cell + 1]) {
                                let p = Int(order[k])
                                guard core[p] else { continue }
                                for m in Int(neighbourStart[cell])..<Int(neighbourStart[cell + 1]) {
                                    let other = Int(neighbours[m])
                                    for j in Int(start[other])..<Int(start[other + 1]) {
                                        let q = Int(order[j])
                                        guard q > p, core[q], test.areNeighbours(p, q) else { continue }
                                        let a = find(p), b = find(q)
                                        if a != b { parent[max(a, b)] = Int32(min(a, b)) }
                                    }
                                }
                            }
                        }
                        for p in 0..<n where core[p] { parent[p] = Int32(find(p)) }
                        // 3. Border points take the root of their first core neighbour by input order.
                        for cell in 0..<(start.count - 1) {
                            for k in Int(start[cell])..<Int(start[cell + 1]) {
                                let p = Int(order[k])
                                guard !core[p] else { continue }
                                var first = Int.max
                                for m in Int(neighbourStart[cell])..<Int(neighbourStart[cell + 1]) {
                                    let other = Int(neighbours[m])
                                    for j in Int(start[other])..<Int(start[other + 1]) {
                                        let q = Int(order[j])
                                        if q < first, core[q], test.areNeighbours(p, q) { first = q }
                                    }
                                }
                                if first != Int.max { parent[p] = parent[first] }
                            }
                        }
                    }
                }
            }
        }

        // 4. Number clusters by their first member in input order.
        var number = [Int32](repeating: -1, count: n)
        var labels = [Int32](repeating: -1, count: n)
        var clusters: Int32 = 0
        for p in 0..<n where root[p] >= 0 {
            let r = Int(root[p])
            if number[r] < 0 {
                number[r] = clusters
                clusters += 1
            }
            labels[p] = number[r]
        }
        return Result(labels: labels, isCore: isCore, clusterCount: Int(clusters))
    }
}

/// Whether two points (by index) lie within eps of each other.
private protocol NeighbourTest {
    func areNeighbours(_ p: Int, _ q: Int) -> Bool
}

/// Within eps in the plane.
private struct PlanarNeighbours: NeighbourTest {
    let xy: UnsafeBufferPointer<Coordinate>
    let epsSquared: Double

    @inline(__always)
    func areNeighbours(_ p: Int, _ q: Int) -> Bool { xy[p].squaredDistance(to: xy[q]) <= epsSquared }
}

/// Within eps along the ellipsoid: the chord under eps, compared with the chord between them.
private struct ChordNeighbours: NeighbourTest {
    let points: UnsafeBufferPointer<GeocentricPoint>
    let chordSquared: Double

    @inline(__always)
    func areNeighbours(_ p: Int, _ q: Int) -> Bool { points[p].squaredChord(to: points[q]) <= chordSquared }
}

/// The grid's buffers and the neighbour test, read (never written) by both workers.
private struct SharedBuffers<Test: NeighbourTest>: @unchecked Sendable {
    let test: Test
    let start: UnsafeBufferPointer<Int32>
    let order: UnsafeBufferPointer<Int32>
    let neighbourStart: UnsafeBufferPointer<Int32>
    let neighbours: UnsafeBufferPointer<Int32>
}

/// A pointer handed to concurrent workers that write disjoint elements.
private struct UnsafeMutableSendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Points bucketed in square cells, each cell knowing its (up to) 9 neighbouring cells.
struct CellGrid: Sendable {
    /// Points of cell c: order[start[c]..<start[c + 1]].
    let start: [Int32]
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
        // Sort (key, index) pairs packed in one array: no closure indexing into `keys`.
        var pairs = (0..<n).map { (keys[$0], Int32($0)) }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let sorted = pairs.map(\.1)
        var start: [Int32] = []
        var cellKeys: [Int64] = []
        for position in pairs.indices where position == 0 || pairs[position].0 != pairs[position - 1].0 {
            start.append(Int32(position))
            cellKeys.append(pairs[position].0)
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

    /// The grid's arrays as buffers, for loops that must not pay for bounds checks and closures.
    func withBuffers<T>(
        _ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>) throws -> T
    ) rethrows -> T {
        try start.withUnsafeBufferPointer { start in
            try order.withUnsafeBufferPointer { order in
                try neighbourStart.withUnsafeBufferPointer { neighbourStart in
                    try neighbours.withUnsafeBufferPointer { neighbours in try body(start, order, neighbourStart, neighbours) }
                }
            }
        }
    }
}
