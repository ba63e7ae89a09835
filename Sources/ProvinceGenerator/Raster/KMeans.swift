/// Weighted k-means (Lloyd) with k-means++ seeding: spreads k seeds evenly over an area, and
/// more densely where the weight is high (cell area falls roughly as 1/√weight), which is how
/// urban counties, towns and grids come out smaller than rural ones.
enum KMeans {
    static func centres(
        xs: [Double], ys: [Double], weights: [Double], k: Int, iterations: Int, rng: inout SeededRandom
    ) -> [(x: Double, y: Double)] {
        let n = xs.count
        guard n > 0, k > 0 else { return [] }
        var cx = [Double](repeating: 0, count: k)
        var cy = [Double](repeating: 0, count: k)
        var d2 = [Double](repeating: .infinity, count: n)
        var score = [Double](repeating: 0, count: n)
        // k-means++: first centre by weight, then by weight × squared distance to the nearest.
        let first = weights.withUnsafeBufferPointer { pick($0, rng: &rng) }
        cx[0] = xs[first]
        cy[0] = ys[first]
        xs.withUnsafeBufferPointer { x in
            ys.withUnsafeBufferPointer { y in
                weights.withUnsafeBufferPointer { w in
                    d2.withUnsafeMutableBufferPointer { d in
                        score.withUnsafeMutableBufferPointer { sc in
                            var c = 0
                            while true {
                                let ox = cx[c], oy = cy[c]
                                for p in 0..<n {
                                    let dx = x[p] - ox
                                    let dy = y[p] - oy
                                    let dd = dx * dx + dy * dy
                                    if dd < d[p] { d[p] = dd }
                                    sc[p] = d[p] * w[p]
                                }
                                c += 1
                                if c == k { break }
                                let next = pick(UnsafeBufferPointer(sc), rng: &rng)
                                cx[c] = x[next]
                                cy[c] = y[next]
                            }
                        }
                    }
                }
            }
        }
        guard k > 1 else {
            var sx = 0.0, sy = 0.0, sw = 0.0
            for p in 0..<n {
                sx += xs[p] * weights[p]
                sy += ys[p] * weights[p]
                sw += weights[p]
            }
            return sw > 0 ? [(sx / sw, sy / sw)] : [(cx[0], cy[0])]
        }
        var sumX = [Double](repeating: 0, count: k)
        var sumY = [Double](repeating: 0, count: k)
        var sumW = [Double](repeating: 0, count: k)
        xs.withUnsafeBufferPointer { x in
            ys.withUnsafeBufferPointer { y in
                weights.withUnsafeBufferPointer { w in
                    cx.withUnsafeMutableBufferPointer { cxs in
                        cy.withUnsafeMutableBufferPointer { cys in
                            sumX.withUnsafeMutableBufferPointer { sx in
                                sumY.withUnsafeMutableBufferPointer { sy in
                                    sumW.withUnsafeMutableBufferPointer { sw in
                                        for _ in 0..<iterations {
                                            for c in 0..<k {
                                                sx[c] = 0
                                                sy[c] = 0
                                                sw[c] = 0
                                            }
                                            for p in 0..<n {
                                                var best = 0
                                                var bestD = Double.infinity
                                                let px = x[p], py = y[p]
                                                for c in 0..<k {
                                                    let dx = px - cxs[c]
                                                    let dy = py - cys[c]
                                                    let d = dx * dx + dy * dy
                                                    if d < bestD {
                                                        bestD = d
                                                        best = c
                                                    }
                                                }
                                                sx[best] += px * w[p]
                                                sy[best] += py * w[p]
                                                sw[best] += w[p]
                                            }
                                            var shift = 0.0
                                            for c in 0..<k where sw[c] > 0 {
                                                let nx = sx[c] / sw[c]
                                                let ny = sy[c] / sw[c]
                                                shift = max(shift, abs(nx - cxs[c]) + abs(ny - cys[c]))
                                                cxs[c] = nx
                                                cys[c] = ny
                                            }
                                            if shift < 1 { break }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<k).map { (cx[$0], cy[$0]) }
    }

    private static func pick(_ w: UnsafeBufferPointer<Double>, rng: inout SeededRandom) -> Int {
        var total = 0.0
        for v in w { total += v }
        guard total > 0 else { return rng.below(w.count) }
        var target = rng.unit() * total
        for i in 0..<w.count {
            target -= w[i]
            if target < 0 { return i }
        }
        return w.count - 1
    }
}
