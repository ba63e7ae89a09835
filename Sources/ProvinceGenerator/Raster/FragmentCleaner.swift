/// Removes the stray pieces a warped nearest-seed labelling leaves along parent borders.
///
/// A label's cell clipped to a wiggly parent can fall apart into its main body and slivers a few
/// pixels wide. Every 4-connected piece of a label other than its largest is handed to the
/// neighbouring label (same parent only, so nesting holds) it shares the longest border with.
/// Pieces with no such neighbour, islands among them, stay: they are genuine exclaves.
/// Works on row runs rather than pixels, so a pass costs little more than one scan.
enum FragmentCleaner {
    /// A stray piece's border with a neighbouring label: `weight` pixel edges shared.
    private typealias Contact = (root: Int32, label: Int32, weight: Int32)

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
        let runs = RowRuns(labels: labels, width: frame.width, height: frame.height)
        guard runs.count > 0 else { return 0 }
        let pieces = runs.pieces()
        let largest = largestPieces(runs: runs, pieces: pieces, labelCount: labelCount)
        let contacts = strayContacts(labels: labels, runs: runs, root: pieces.root, largest: largest, parentOf: parentOf)
        guard !contacts.isEmpty else { return 0 }
        let target = longestBorderNeighbours(contacts)
        return relabel(&labels, runs: runs, root: pieces.root, target: target)
    }

    /// The largest piece of each label (lowest root on ties), by root run; -1 for a label
    /// with no pixels.
    private static func largestPieces(runs: RowRuns, pieces: RowRuns.Pieces, labelCount: Int) -> [Int32] {
        var largest = [Int32](repeating: -1, count: labelCount)
        for r in 0..<runs.count where pieces.root[r] == Int32(r) {
            let l = Int(runs.label[r])
            let current = largest[l]
            if current < 0 || pieces.size[r] > pieces.size[Int(current)] { largest[l] = Int32(r) }
        }
        return largest
    }

    /// Border lengths between stray pieces and same-parent neighbours: one contact per shared
    /// run end or row overlap, by the stray piece's root.
    private static func strayContacts(
        labels: [Int32], runs: RowRuns, root: [Int32], largest: [Int32], parentOf: [Int32]?
    ) -> [Contact] {
        let width = runs.width
        let height = runs.height
        var contacts: [Contact] = []
        func sameParent(_ a: Int32, _ b: Int32) -> Bool {
            guard let parentOf else { return true }
            return parentOf[Int(a)] == parentOf[Int(b)]
        }
        labels.withUnsafeBufferPointer { lab in
            for j in 0..<height {
                for r in runs.inRow(j) {
                    let q = root[r]
                    let l = runs.label[r]
                    if largest[Int(l)] == q { continue }
                    let s = Int(runs.start[r])
                    let e = Int(runs.end[r])
                    if s > 0 {
                        let nl = lab[j * width + s - 1]
                        if nl >= 0 && nl != l && sameParent(l, nl) { contacts.append((q, nl, 1)) }
                    }
                    if e < width {
                        let nl = lab[j * width + e]
                        if nl >= 0 && nl != l && sameParent(l, nl) { contacts.append((q, nl, 1)) }
                    }
                    for nj in [j - 1, j + 1] where nj >= 0 && nj < height {
                        for o in runs.inRow(nj) {
                            if runs.end[o] <= Int32(s) { continue }
                            if runs.start[o] >= Int32(e) { break }
                            let nl = runs.label[o]
                            if nl == l || !sameParent(l, nl) { continue }
                            let overlap = min(Int32(e), runs.end[o]) - max(Int32(s), runs.start[o])
                            contacts.append((q, nl, overlap))
                        }
                    }
                }
            }
        }
        return contacts
    }

    /// For each stray piece (by root), the neighbouring label it shares the longest border
    /// with; on a tie the lowest label.
    private static func longestBorderNeighbours(_ unsorted: [Contact]) -> [Int32: Int32] {
        let contacts = unsorted.sorted { ($0.root, $0.label) < ($1.root, $1.label) }
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
        return target
    }

    /// Gives every run of a stray piece its target label; returns the pixels moved.
    private static func relabel(_ labels: inout [Int32], runs: RowRuns, root: [Int32], target: [Int32: Int32]) -> Int {
        let width = runs.width
        var moved = 0
        labels.withUnsafeMutableBufferPointer { lab in
            for j in 0..<runs.height {
                for r in runs.inRow(j) {
                    guard let nl = target[root[r]] else { continue }
                    let s = Int(runs.start[r])
                    let e = Int(runs.end[r])
                    for i in s..<e { lab[j * width + i] = nl }
                    moved += e - s
                }
            }
        }
        return moved
    }
}
