/// A label raster as row runs: the maximal horizontal stretches of one land label, row by row.
///
/// `FragmentCleaner` works on these rather than on pixels, so finding the 4-connected pieces of
/// every label costs little more than one scan of the raster.
struct RowRuns {
    /// The 4-connected pieces: runs of one label touching across rows, joined.
    struct Pieces {
        /// Each run's piece, named by its lowest run index.
        var root: [Int32]
        /// Pixels per piece, at the root's index (0 elsewhere).
        var size: [Int]
    }

    let width: Int
    let height: Int
    /// First column, one past the last column, and label of each run, in row-major order.
    private(set) var start: [Int32] = []
    private(set) var end: [Int32] = []
    private(set) var label: [Int32] = []
    /// Runs of row j are `rowFirst[j]..<rowFirst[j + 1]`.
    private var rowFirst: [Int]

    /// Runs of equal land labels (sea, a negative label, is skipped).
    init(labels: [Int32], width: Int, height: Int) {
        self.width = width
        self.height = height
        rowFirst = [Int](repeating: 0, count: height + 1)
        labels.withUnsafeBufferPointer { lab in
            for j in 0..<height {
                rowFirst[j] = start.count
                let row = j * width
                var i = 0
                while i < width {
                    let l = lab[row + i]
                    if l < 0 {
                        i += 1
                        continue
                    }
                    let s = i
                    while i < width && lab[row + i] == l { i += 1 }
                    start.append(Int32(s))
                    end.append(Int32(i))
                    label.append(l)
                }
            }
        }
        rowFirst[height] = start.count
    }

    var count: Int { start.count }

    func inRow(_ j: Int) -> Range<Int> { rowFirst[j]..<rowFirst[j + 1] }

    /// Joins runs of the same label that overlap in consecutive rows (union-find, the lower
    /// run index as root), then sizes each piece.
    func pieces() -> Pieces {
        var parent = [Int32](repeating: 0, count: count)
        for r in 0..<count { parent[r] = Int32(r) }
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != Int32(r) { r = Int(parent[r]) }
            var c = x
            while parent[c] != Int32(r) {
                let next = Int(parent[c])
                parent[c] = Int32(r)
                c = next
            }
            return r
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a)
            let rb = find(b)
            if ra == rb { return }
            if ra < rb { parent[rb] = Int32(ra) } else { parent[ra] = Int32(rb) }
        }
        if height > 1 {
            for j in 1..<height {
                var a = rowFirst[j - 1]
                let aEnd = rowFirst[j]
                var b = rowFirst[j]
                let bEnd = rowFirst[j + 1]
                while a < aEnd && b < bEnd {
                    if start[a] < end[b] && start[b] < end[a] && label[a] == label[b] {
                        union(a, b)
                    }
                    if end[a] < end[b] { a += 1 } else { b += 1 }
                }
            }
        }
        var root = [Int32](repeating: 0, count: count)
        var size = [Int](repeating: 0, count: count)
        for r in 0..<count {
            let q = find(r)
            root[r] = Int32(q)
            size[q] += Int(end[r] - start[r])
        }
        return Pieces(root: root, size: size)
    }
}
