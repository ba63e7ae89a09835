/// Turns a label raster into polygon rings by walking pixel-edge boundaries.
///
/// Every ring keeps its area on the left, so exteriors come out counter-clockwise and holes
/// clockwise. Where two pixels of one label touch only at a corner the walk turns left, which
/// keeps diagonal neighbours in separate rings; a ring that still comes back to the same corner
/// (a piece that closes around a lake through one corner) is split there into a shell and a
/// hole that touch at one point, which OGC validity allows. Vertices are lattice ids
/// `j·(width+1) + i`.
///
/// A vertex is emitted where the ring turns, and also where it runs straight past a junction of
/// the finest labels (grids), that is where another grid border meets it. Every level then carries
/// the same vertices along a shared stretch of border as the levels below it, so after projection
/// and rounding a town border still coincides exactly with the grid borders along it: coverage
/// and nesting stay exact in lon/lat, not just in the raster.
struct BoundaryTracer {
    /// The traced rings and how they group into polygons, per label.
    struct Result: Sendable {
        /// Ring r is `vertices[ringStart[r]..<ringStart[r+1]]` (open: the first vertex is not repeated).
        var vertices: [Int32] = []
        var ringStart: [Int] = [0]
        /// Rings of polygon g are `polygonRings[polygonStart[g]..<polygonStart[g+1]]`, exterior first.
        var polygonRings: [Int32] = []
        var polygonStart: [Int] = [0]
        /// Polygons of label l are `labelPolygonStart[l]..<labelPolygonStart[l+1]`.
        var labelPolygonStart: [Int] = []

        func polygons(of label: Int) -> Range<Int> { labelPolygonStart[label]..<labelPolygonStart[label + 1] }
        func rings(of polygon: Int) -> Range<Int> { polygonStart[polygon]..<polygonStart[polygon + 1] }
        func vertexRange(of ring: Int) -> Range<Int> { ringStart[ring]..<ringStart[ring + 1] }
    }

    let width: Int
    let height: Int

    /// Traces `labels`; `junctions` are the finest labels (grids), whose junctions along a
    /// straight stretch of border are kept as vertices.
    func trace(labels: [Int32], labelCount: Int, junctions: [Int32]) -> Result {
        var vertices: [Int32] = []
        var ringStart: [Int] = [0]
        var ringLabel: [Int32] = []
        var ringArea: [Int64] = []
        var walk = RingWalk(width: width, height: height)
        let w = width
        let stride = Int32(width + 1)

        labels.withUnsafeBufferPointer { lab in
            junctions.withUnsafeBufferPointer { grids in
                // A ring starts at the bottom edge of each pixel whose neighbour below holds
                // another label, unless a walk has passed that edge already.
                for j in 0..<height {
                    for i in 0..<w {
                        let l = lab[j * w + i]
                        if l < 0 || walk.visited[j * w + i] { continue }
                        if j > 0 && lab[(j - 1) * w + i] == l { continue }
                        walk.walk(from: i, j, label: l, labels: lab, grids: grids)
                        for piece in Self.split(walk.corners, at: walk.pinches) {
                            vertices.append(contentsOf: piece)
                            ringStart.append(vertices.count)
                            ringLabel.append(l)
                            ringArea.append(Self.doubleArea(piece, stride: stride))
                        }
                    }
                }
            }
        }
        return Self.assemble(
            vertices: vertices, ringStart: ringStart, ringLabel: ringLabel, ringArea: ringArea,
            labelCount: labelCount, stride: stride)
    }

    /// Splits a closed corner sequence at vertices it visits twice (only pinch corners can be).
    static func split(_ ring: [Int32], at pinches: [Int32]) -> [[Int32]] {
        guard pinches.count > 1 else { return [ring] }
        let sorted = pinches.sorted()
        var repeated = false
        for k in 1..<sorted.count where sorted[k] == sorted[k - 1] {
            repeated = true
            break
        }
        guard repeated else { return [ring] }
        let pinchSet = Set(pinches)
        var pieces: [[Int32]] = []
        var stack: [Int32] = []
        var position: [Int32: Int] = [:]
        for v in ring {
            if pinchSet.contains(v), let p = position[v] {
                let loop = Array(stack[p...])
                for u in stack[(p + 1)...] where pinchSet.contains(u) { position[u] = nil }
                stack.removeSubrange((p + 1)...)
                pieces.append(loop)
            } else {
                if pinchSet.contains(v) { position[v] = stack.count }
                stack.append(v)
            }
        }
        if !stack.isEmpty { pieces.append(stack) }
        return pieces.filter { $0.count >= 4 }
    }

    /// Twice the signed area in pixel units (exact integers): positive for exteriors.
    static func doubleArea(_ ring: [Int32], stride: Int32) -> Int64 {
        var sum: Int64 = 0
        let n = ring.count
        for k in 0..<n {
            let a = ring[k]
            let b = ring[(k + 1) % n]
            let ax = Int64(a % stride), ay = Int64(a / stride)
            let bx = Int64(b % stride), by = Int64(b / stride)
            sum += ax * by - bx * ay
        }
        return sum
    }

    /// Groups rings into polygons: each hole goes to the smallest exterior of its label that
    /// contains a point just beside one of its edges.
    private static func assemble(
        vertices: [Int32], ringStart: [Int], ringLabel: [Int32], ringArea: [Int64], labelCount: Int, stride: Int32
    ) -> Result {
        let ringCount = ringLabel.count
        // Rings by label, in trace order.
        var byLabelStart = [Int](repeating: 0, count: labelCount + 1)
        for l in ringLabel { byLabelStart[Int(l) + 1] += 1 }
        for k in 0..<labelCount { byLabelStart[k + 1] += byLabelStart[k] }
        var cursor = byLabelStart
        var byLabel = [Int](repeating: 0, count: ringCount)
        for r in 0..<ringCount {
            byLabel[cursor[Int(ringLabel[r])]] = r
            cursor[Int(ringLabel[r])] += 1
        }

        var result = Result()
        result.vertices = vertices
        result.ringStart = ringStart
        result.labelPolygonStart = [0]
        result.labelPolygonStart.reserveCapacity(labelCount + 1)
        for l in 0..<labelCount {
            let rings = byLabel[byLabelStart[l]..<byLabelStart[l + 1]]
            let exteriors = rings.filter { ringArea[$0] > 0 }
            var holesOf = [[Int]](repeating: [], count: exteriors.count)
            for hole in rings where ringArea[hole] < 0 {
                let (px, py) = probe(ring: hole, vertices: vertices, ringStart: ringStart, stride: stride)
                var best = -1
                for (e, ext) in exteriors.enumerated() {
                    guard contains(ring: ext, px: px, py: py, vertices: vertices, ringStart: ringStart, stride: stride) else {
                        continue
                    }
                    if best < 0 || ringArea[ext] < ringArea[exteriors[best]] { best = e }
                }
                if best >= 0 { holesOf[best].append(hole) }
            }
            for (e, ext) in exteriors.enumerated() {
                result.polygonRings.append(Int32(ext))
                for hole in holesOf[e] { result.polygonRings.append(Int32(hole)) }
                result.polygonStart.append(result.polygonRings.count)
            }
            result.labelPolygonStart.append(result.polygonStart.count - 1)
        }
        return result
    }

    /// A point (in doubled lattice units) at the middle of the first unit step of the ring's
    /// first horizontal edge: its x is odd, so a vertical ray from it meets no vertex.
    private static func probe(ring: Int, vertices: [Int32], ringStart: [Int], stride: Int32) -> (Int64, Int64) {
        let range = ringStart[ring]..<ringStart[ring + 1]
        let n = range.count
        for k in 0..<n {
            let a = vertices[range.lowerBound + k]
            let b = vertices[range.lowerBound + (k + 1) % n]
            let ay = a / stride, by = b / stride
            if ay == by {
                let ax = Int64(a % stride), bx = Int64(b % stride)
                return (2 * ax + (bx > ax ? 1 : -1), 2 * Int64(ay))
            }
        }
        return (0, 0)
    }

    /// Crossing parity of an upward ray from (px, py) (doubled units, px odd).
    private static func contains(ring: Int, px: Int64, py: Int64, vertices: [Int32], ringStart: [Int], stride: Int32) -> Bool {
        let range = ringStart[ring]..<ringStart[ring + 1]
        let n = range.count
        var inside = false
        for k in 0..<n {
            let a = vertices[range.lowerBound + k]
            let b = vertices[range.lowerBound + (k + 1) % n]
            let ay = Int64(a / stride), by = Int64(b / stride)
            guard ay == by, 2 * ay > py else { continue }
            let ax = 2 * Int64(a % stride), bx = 2 * Int64(b % stride)
            if (ax < px) != (bx < px) { inside.toggle() }
        }
        return inside
    }
}
