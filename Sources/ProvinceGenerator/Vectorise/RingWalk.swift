/// The ring walks of one `BoundaryTracer.trace`, one ring at a time, and the pixels they have
/// passed.
///
/// A walk follows pixel edges keeping its label on the left. Where two pixels of the label
/// touch only at a corner it turns left (a pinch), which keeps diagonal neighbours in separate
/// rings. It keeps a vertex where it turns and where it runs straight past a junction of the
/// grids, so every level carries the grid borders' vertices along its own.
struct RingWalk {
    let width: Int
    let height: Int
    /// Pixels whose bottom edge a walk has passed heading east: no ring starts there again.
    private(set) var visited: [Bool]
    /// The last ring's kept vertices (lattice ids `j·(width+1) + i`), in walking order.
    private(set) var corners: [Int32] = []
    /// The last ring's corners where it turned left past a diagonal neighbour of its label;
    /// only these can be visited twice.
    private(set) var pinches: [Int32] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        visited = [Bool](repeating: false, count: width * height)
    }

    /// Walks the ring of label `l` that starts with the bottom edge of pixel (i, j), heading
    /// east, back to where it started. `labels` is the traced level, `grids` the finest one.
    mutating func walk(from i: Int, _ j: Int, label l: Int32, labels: UnsafeBufferPointer<Int32>, grids: UnsafeBufferPointer<Int32>) {
        corners.removeAll(keepingCapacity: true)
        pinches.removeAll(keepingCapacity: true)
        let stride = Int32(width + 1)
        var vi = i
        var vj = j
        var d = 0  // 0 east, 1 north, 2 west, 3 south
        repeat {
            switch d {
            case 0:
                visited[vj * width + vi] = true
                vi += 1
            case 1: vj += 1
            case 2: vi -= 1
            default: vj -= 1
            }
            // The labels ahead on the left and on the right.
            let fl: Int32
            let fr: Int32
            switch d {
            case 0: fl = label(labels, vi, vj); fr = label(labels, vi, vj - 1)
            case 1: fl = label(labels, vi - 1, vj); fr = label(labels, vi, vj)
            case 2: fl = label(labels, vi - 1, vj - 1); fr = label(labels, vi - 1, vj)
            default: fl = label(labels, vi, vj - 1); fr = label(labels, vi - 1, vj - 1)
            }
            let next: Int
            var pinch = false
            if fl != l {
                next = (d + 1) & 3
                pinch = fr == l
            } else if fr != l {
                next = d
            } else {
                next = (d + 3) & 3
            }
            if next != d || crossesJunction(grids, vi, vj, heading: d) {
                let id = Int32(vj) * stride + Int32(vi)
                corners.append(id)
                if pinch { pinches.append(id) }
            }
            d = next
        } while !(vi == i && vj == j && d == 0)
    }

    /// The label of pixel (i, j), -1 outside the raster.
    @inline(__always)
    private func label(_ labels: UnsafeBufferPointer<Int32>, _ i: Int, _ j: Int) -> Int32 {
        (i < 0 || j < 0 || i >= width || j >= height) ? -1 : labels[j * width + i]
    }

    /// Whether a straight pass through vertex (vi, vj) heading d crosses a grid junction: the
    /// grid label changes on its left or on its right.
    @inline(__always)
    private func crossesJunction(_ grids: UnsafeBufferPointer<Int32>, _ vi: Int, _ vj: Int, heading d: Int) -> Bool {
        let nw = label(grids, vi - 1, vj), ne = label(grids, vi, vj), sw = label(grids, vi - 1, vj - 1), se = label(grids, vi, vj - 1)
        switch d {
        case 0, 2: return nw != ne || sw != se
        default: return nw != sw || ne != se
        }
    }
}
