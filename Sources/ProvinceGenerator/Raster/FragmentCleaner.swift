/// Removes the stray pieces a warped nearest-seed labelling leaves along parent borders.
///
/// A label's cell clipped to a wiggly parent can fall apart into its main body and slivers a few
/// pixels wide. Every 4-connected piece of a label other than its largest is handed to the
/// neighbouring label (same parent only, so nesting holds) it shares the longest border with.
/// Pieces with no such neighbour, islands among them, stay: they are genuine exclaves.
/// Works on row runs rather than pixels, so a pass costs little more than one scan.
enum FragmentCleaner {
    /// Cleans `labels` in place; `parentOf[label]` gives the parent constraint (nil: none).
    /// Returns the number of pixels relabelled.
    @discardableResult
    static func clean(labels: inout [Int32], frame: RasterFrame, labelCount: Int, parentOf: [Int32]?, passes: Int = 2) -> Int {
        var moved = 0
        for _ in 0..<passes {
            let n = cleanOnce(labels: &labels, frame: frame, labelCount: labelCount, parentOf: parentOf)
            moved += n
            if n == 0 { break }
        }
        return moved
    }

    private static func cleanOnce(labels: inout [Int32], frame: RasterFrame, labelCount: Int, parentOf: [Int32]?) -> Int {
        let width = frame.width
        let height = frame.height
        // Row runs of equal land labels.
        var runStart: [Int32] = []
        var runEnd: [Int32] = []
        var runLabel: [Int32] = []
        var rowFirst = [Int](repeating: 0, count: height + 1)
        labels.withUnsafeBufferPointer { lab in
            for j in 0..<height {
                rowFirst[j] = runStart.count
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
                    runStart.append(Int32(s))
                    runEnd.append(Int32(i))
                    runLabel.append(l)
                }
            }
        }
        rowFirst[height] = runStart.count
        let runCount = runStart.count
        guard runCount > 0 else { return 0 }

        var parent = [Int32](repeating: 0, count: runCount)
        for r in 0..<runCount { parent[r] = Int32(r) }
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
                    if runStart[a] < runEnd[b] && runStart[b] < runEnd[a] && runLabel[a] == runLabel[b] {
                        union(a, b)
                    }
                    if runEnd[a] < runEnd[b] { a += 1 } else { b += 1 }
                }
            }
        }
        var root = [Int32](repeating: 0, count: runCount)
        var size = [Int](repeating: 0, count: runCount)
        for r in 0..<runCount {
            let q = find(r)
            root[r] = Int32(q)
            size[q] += Int(runEnd[r] - runStart[r])
        }
        // The largest piece of each label (lowest root on ties).
        var largest = [Int32](repeating: -1, count: labelCount)
        for r in 0..<runCount where root[r] == Int32(r) {
            let l = Int(runLabel[r])
            let current = largest[l]
            if current < 0 || size[r] > size[Int(current)] { largest[l] = Int32(r) }
        }
        // Border lengths between stray pieces and same-parent neighbours.
        var contacts: [(root: Int32, label: Int32, weight: Int32)] = []
        func sameParent(_ a: Int32, _ b: Int32) -> Bool {
            guard let parentOf else { return true }
            return parentOf[Int(a)] == parentOf[Int(b)]
        }
        labels.withUnsafeBufferPointer { lab in
            for j in 0..<height {
                for r in rowFirst[j]..<rowFirst[j + 1] {
                    let q = root[r]
                    let l = runLabel[r]
                    if largest[Int(l)] == q { continue }
                    let s = Int(runStart[r])
                    let e = Int(runEnd[r])
                    if s > 0 {
                        let nl = lab[j * width + s - 1]
                        if nl >= 0 && nl != l && sameParent(l, nl) { contacts.append((q, nl, 1)) }
                    }
                    if e < width {
                        let nl = lab[j * width + e]
                        if nl >= 0 && nl != l && sameParent(l, nl) { contacts.append((q, nl, 1)) }
                    }
                    for nj in [j - 1, j + 1] where nj >= 0 && nj < height {
                        for o in rowFirst[nj]..<rowFirst[nj + 1] {
                            if runEnd[o] <= Int32(s) { continue }
                            if runStart[o] >= Int32(e) { break }
                            let nl = runLabel[o]
                            if nl == l || !sameParent(l, nl) { continue }
                            let overlap = min(Int32(e), runEnd[o]) - max(Int32(s), runStart[o])
                            contacts.append((q, nl, overlap))
                        }
                    }
                }
            }
        }
        guard !contacts.isEmpty else { return 0 }
        contacts.sort { ($0.root, $0.label) < ($1.root, $1.label) }
        var target = [Int32: Int32]()
        var k = 0
        while k < contacts.count {
            let q = contacts[k].root
            var bestLabel: Int32 = -1
            var bestWeight: Int32 = 0
            while k < contacts.count && contacts[k].root == q {
                let nl = contacts[k].label
                var w: Int32 = 0
                while k < contacts.count && contacts[k].root == q && contacts[k].label == nl {
                    w += contacts[k].weight
                    k += 1
                }
                if w > bestWeight {
                    bestWeight = w
                    bestLabel = nl
                }
            }
            if bestLabel >= 0 { target[q] = bestLabel }
        }
        var moved = 0
        labels.withUnsafeMutableBufferPointer { lab in
            for j in 0..<height {
                for r in rowFirst[j]..<rowFirst[j + 1] {
                    guard let nl = target[root[r]] else { continue }
                    let s = Int(runStart[r])
                    let e = Int(runEnd[r])
                    for i in s..<e { lab[j * width + i] = nl }
                    moved += e - s
                }
            }
        }
        return moved
    }
}
