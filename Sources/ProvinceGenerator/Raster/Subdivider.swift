import Foundation

/// Splits every parent area into child areas: k seeds per parent by weighted k-means over the
/// parent's pixels, then each pixel goes to the nearest of its own parent's seeds after a warp.
/// Children only ever take pixels of their parent, so nesting is exact by construction.
struct Subdivider {
    struct Result {
        var labels: [Int32]
        /// Parent label per child label.
        var parentOf: [Int32]
        var seedX: [Double]
        var seedY: [Double]
        /// First child label of each parent; children of q are childStart[q]..<childStart[q+1].
        var childStart: [Int]
    }

    let frame: RasterFrame
    let urban: UrbanField
    /// Seeds crowd where (1 + urban)^exponent is high.
    let urbanExponent: Double
    let warp: [WarpField.Octave]
    let kMeansIterations: Int
    /// At most this many sample pixels per child seed enter k-means.
    let samplesPerChild: Int
    let minimumSamples: Int

    func subdivide(parentLabels: [Int32], parents: PixelLists, childCounts: [Int], seed: UInt64, stream: UInt64) -> Result {
        let childStart = Self.childStarts(parents: parents, childCounts: childCounts)
        let seedsPerParent = seeds(parents: parents, childStart: childStart, seed: seed, stream: stream)
        let childCount = childStart[parents.labelCount]
        var seedX = [Double](repeating: 0, count: childCount)
        var seedY = [Double](repeating: 0, count: childCount)
        var parentOf = [Int32](repeating: 0, count: childCount)
        for q in 0..<parents.labelCount {
            for (n, c) in seedsPerParent[q].enumerated() {
                seedX[childStart[q] + n] = c.x
                seedY[childStart[q] + n] = c.y
                parentOf[childStart[q] + n] = Int32(q)
            }
        }
        let field = WarpField(seed: Hash.combine(seed, stream &+ 0x57A2), octaves: warp, frame: frame)
        let labels = nearestSeedLabels(
            parentLabels: parentLabels, parents: parents, childStart: childStart, seedX: seedX, seedY: seedY, warp: field)
        return Result(labels: labels, parentOf: parentOf, seedX: seedX, seedY: seedY, childStart: childStart)
    }

    /// First child label of each parent (and the total at the end): as many children as asked,
    /// at least one per parent with pixels and at most one per pixel.
    private static func childStarts(parents: PixelLists, childCounts: [Int]) -> [Int] {
        var childStart = [Int](repeating: 0, count: parents.labelCount + 1)
        for q in 0..<parents.labelCount {
            let k = parents.count(of: q) > 0 ? max(1, min(childCounts[q], parents.count(of: q))) : 0
            childStart[q + 1] = childStart[q] + k
        }
        return childStart
    }

    /// Each parent's child seeds: k-means over an even sample of the parent's pixels, each
    /// weighted by (1 + urban)^exponent, from a stream of the parent's own (parents run in parallel).
    private func seeds(parents: PixelLists, childStart: [Int], seed: UInt64, stream: UInt64) -> [[(x: Double, y: Double)]] {
        let frame = self.frame
        let urban = self.urban
        let exponent = urbanExponent
        let iterations = kMeansIterations
        let perChild = samplesPerChild
        let minimum = minimumSamples
        return Parallel.map(count: parents.labelCount) { q in
            let k = childStart[q + 1] - childStart[q]
            guard k > 0 else { return [] }
            let range = parents.range(of: q)
            let cap = max(minimum, k * perChild)
            let step = max(1, range.count / cap)
            var xs: [Double] = []
            var ys: [Double] = []
            var ws: [Double] = []
            var index = range.lowerBound + (step / 2)
            while index < range.upperBound {
                let p = Int(parents.pixels[index])
                let x = frame.centreX(p % frame.width)
                let y = frame.centreY(p / frame.width)
                xs.append(x)
                ys.append(y)
                ws.append(pow(1 + urban.value(x: x, y: y), exponent))
                index += step
            }
            var rng = SeededRandom(seed: seed, stream: Hash.combine(stream, UInt64(q)))
            var centres = KMeans.centres(xs: xs, ys: ys, weights: ws, k: k, iterations: iterations, rng: &rng)
            while centres.count < k { centres.append(centres.last ?? (xs[0], ys[0])) }
            return centres
        }
    }

    /// The child label of every land pixel: the nearest of its own parent's seeds to the
    /// pixel's warped position (sea stays -1).
    private func nearestSeedLabels(
        parentLabels: [Int32], parents: PixelLists, childStart: [Int], seedX: [Double], seedY: [Double], warp field: WarpField
    ) -> [Int32] {
        let frame = self.frame
        var labels = [Int32](repeating: -1, count: frame.pixelCount)
        labels.withUnsafeMutableBufferPointer { buffer in
            let out = SharedBuffer(buffer)
            Parallel.forEachChunk(count: parents.pixels.count) { range in
                seedX.withUnsafeBufferPointer { sx in
                    seedY.withUnsafeBufferPointer { sy in
                        childStart.withUnsafeBufferPointer { starts in
                            parents.pixels.withUnsafeBufferPointer { pixels in
                                parentLabels.withUnsafeBufferPointer { parentLabels in
                                    for index in range {
                                        let p = Int(pixels[index])
                                        let q = Int(parentLabels[p])
                                        let lower = starts[q]
                                        let upper = starts[q + 1]
                                        if upper - lower == 1 {
                                            out[p] = Int32(lower)
                                            continue
                                        }
                                        let x = frame.centreX(p % frame.width)
                                        let y = frame.centreY(p / frame.width)
                                        let (dx, dy) = field.displacement(x: x, y: y)
                                        let qx = x + dx
                                        let qy = y + dy
                                        var best = lower
                                        var bestD = Double.infinity
                                        for c in lower..<upper {
                                            let ex = qx - sx[c]
                                            let ey = qy - sy[c]
                                            let d = ex * ex + ey * ey
                                            if d < bestD {
                                                bestD = d
                                                best = c
                                            }
                                        }
                                        out[p] = Int32(best)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return labels
    }
}
