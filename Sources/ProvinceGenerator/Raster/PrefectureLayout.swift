import GeoKit

/// Splits the land among the 21 prefectures: each pixel goes to the prefecture of the seed
/// nearest in power distance (|q − s|² − w_prefecture), q being the pixel centre moved by a
/// smooth warp. Seeds are k-means points of the real territories, so shapes follow the real
/// map; the weights are fitted so areas match official figures; the warp makes borders wiggle.
struct PrefectureLayout {
    let seedX: [Double]
    let seedY: [Double]
    let seedPrefecture: [Int32]
    /// Power weights per prefecture (m²).
    let weights: [Double]
    /// Seat position (metres) per prefecture.
    let seatX: [Double]
    let seatY: [Double]

    static let warp = [
        WarpField.Octave(wavelength: 60_000, amplitude: 5_000),
        WarpField.Octave(wavelength: 15_000, amplitude: 1_200),
        WarpField.Octave(wavelength: 4_000, amplitude: 300),
    ]

    init(specs: [PrefectureSpec], frame: RasterFrame, mask: LandMask, partPrefecture: [Int32]) {
        var sx: [Double] = []
        var sy: [Double] = []
        var sp: [Int32] = []
        var seatX = [Double](repeating: 0, count: specs.count)
        var seatY = [Double](repeating: 0, count: specs.count)
        for entry in PrefectureSeeds.entries {
            guard let index = specs.firstIndex(where: { $0.code == entry.code }) else { continue }
            let seat = TransverseMercator.epsg4547.forward(Coordinate(entry.seatLonLat.0, entry.seatLonLat.1))
            seatX[index] = seat.x
            seatY[index] = seat.y
            var k = 0
            while k + 1 < entry.seedsLonLat.count {
                let m = TransverseMercator.epsg4547.forward(Coordinate(entry.seedsLonLat[k], entry.seedsLonLat[k + 1]))
                sx.append(m.x)
                sy.append(m.y)
                sp.append(Int32(index))
                k += 2
            }
        }
        seedX = sx
        seedY = sy
        seedPrefecture = sp
        self.seatX = seatX
        self.seatY = seatY
        weights = Self.fitWeights(
            specs: specs, frame: frame, mask: mask, partPrefecture: partPrefecture,
            seedX: sx, seedY: sy, seedPrefecture: sp)
    }

    /// Fits one weight per prefecture on a fixed 3 km lattice of points, without warp, so the
    /// result depends neither on the seed nor (beyond the land mask) on the pixel size.
    private static func fitWeights(
        specs: [PrefectureSpec], frame: RasterFrame, mask: LandMask, partPrefecture: [Int32],
        seedX: [Double], seedY: [Double], seedPrefecture: [Int32]
    ) -> [Double] {
        let prefectureCount = specs.count
        let spacing = 3_000.0
        let nearest = min(8, seedX.count)
        let seedCount = seedX.count
        var fixed: [Int32] = []
        var candidates: [Int32] = []
        var distances: [Double] = []
        var orderD = [Double](repeating: 0, count: nearest + 1)
        var orderS = [Int32](repeating: 0, count: nearest + 1)
        let maxX = frame.originX + Double(frame.width) * frame.pixelSize
        let maxY = frame.originY + Double(frame.height) * frame.pixelSize
        seedX.withUnsafeBufferPointer { sx in
            seedY.withUnsafeBufferPointer { sy in
                var y = (frame.originY / spacing).rounded(.up) * spacing + spacing / 2
                while y < maxY {
                    var x = (frame.originX / spacing).rounded(.up) * spacing + spacing / 2
                    while x < maxX {
                        defer { x += spacing }
                        guard let pixel = frame.pixel(x: x, y: y) else { continue }
                        let part = mask.part[pixel]
                        if part < 0 { continue }
                        let forced = partPrefecture[Int(part)]
                        if forced >= 0 {
                            fixed.append(forced)
                            continue
                        }
                        // The `nearest` closest seeds, kept sorted by insertion.
                        var filled = 0
                        for s in 0..<seedCount {
                            let dx = x - sx[s]
                            let dy = y - sy[s]
                            let d = dx * dx + dy * dy
                            if filled == nearest && d >= orderD[nearest - 1] { continue }
                            var k = filled < nearest ? filled : nearest - 1
                            if filled < nearest { filled += 1 }
                            while k > 0 && orderD[k - 1] > d {
                                orderD[k] = orderD[k - 1]
                                orderS[k] = orderS[k - 1]
                                k -= 1
                            }
                            orderD[k] = d
                            orderS[k] = Int32(s)
                        }
                        for k in 0..<nearest {
                            candidates.append(orderS[k])
                            distances.append(orderD[k])
                        }
                    }
                    y += spacing
                }
            }
        }
        let samples = distances.count / max(nearest, 1)
        let totalSamples = samples + fixed.count
        guard totalSamples > 0 else { return [Double](repeating: 0, count: prefectureCount) }
        let totalTarget = specs.reduce(0) { $0 + $1.areaKm2 }
        let targetShare = specs.map { $0.areaKm2 / totalTarget }
        var seedsPer = [Double](repeating: 0, count: prefectureCount)
        for p in seedPrefecture { seedsPer[Int(p)] += 1 }
        let cellArea = spacing * spacing
        var weights = [Double](repeating: 0, count: prefectureCount)
        var counts = [Double](repeating: 0, count: prefectureCount)
        let owner = candidates.map { seedPrefecture[Int($0)] }
        owner.withUnsafeBufferPointer { own in
            distances.withUnsafeBufferPointer { dist in
                for _ in 0..<60 {
                    for p in 0..<prefectureCount { counts[p] = 0 }
                    for f in fixed { counts[Int(f)] += 1 }
                    weights.withUnsafeBufferPointer { w in
                        counts.withUnsafeMutableBufferPointer { cnt in
                            for s in 0..<samples {
                                var best: Int32 = 0
                                var bestD = Double.infinity
                                for k in (s * nearest)..<(s * nearest + nearest) {
                                    let d = dist[k] - w[Int(own[k])]
                                    if d < bestD {
                                        bestD = d
                                        best = own[k]
                                    }
                                }
                                cnt[Int(best)] += 1
                            }
                        }
                    }
                    for p in 0..<prefectureCount {
                        let target = targetShare[p] * Double(totalSamples)
                        let error = (target - counts[p]) / max(target, 1)
                        let perSeed = target * cellArea / max(seedsPer[p], 1)
                        weights[p] += max(-3e8, min(3e8, 0.8 * error * perSeed))
                    }
                    // Only differences matter; keep the weights centred.
                    let mean = weights.reduce(0, +) / Double(prefectureCount)
                    for p in 0..<prefectureCount { weights[p] -= mean }
                }
            }
        }
        return weights
    }

    /// Labels every land pixel with its prefecture index (or -1 for sea).
    func label(frame: RasterFrame, mask: LandMask, partPrefecture: [Int32], seed: UInt64) -> [Int32] {
        let field = WarpField(seed: Hash.combine(seed, 0x5052_4546), octaves: Self.warp, frame: frame)
        let block = max(2, Int((12_000 / frame.pixelSize).rounded()))
        let blocksX = (frame.width + block - 1) / block
        let blocksY = (frame.height + block - 1) / block
        let reach = field.maxDisplacement + frame.pixelSize
        // Candidate seeds per block: those that can win anywhere in the block, whatever the warp.
        var candidateStart = [Int](repeating: 0, count: blocksX * blocksY + 1)
        var candidateSeeds: [Int32] = []
        var lows = [Double](repeating: 0, count: seedX.count)
        for by in 0..<blocksY {
            for bx in 0..<blocksX {
                let b = by * blocksX + bx
                candidateStart[b] = candidateSeeds.count
                let minX = frame.originX + Double(bx * block) * frame.pixelSize - reach
                let maxX = frame.originX + Double((bx + 1) * block) * frame.pixelSize + reach
                let minY = frame.originY + Double(by * block) * frame.pixelSize - reach
                let maxY = frame.originY + Double((by + 1) * block) * frame.pixelSize + reach
                var bestHigh = Double.infinity
                for s in 0..<seedX.count {
                    let w = weights[Int(seedPrefecture[s])]
                    let nx = max(minX - seedX[s], 0, seedX[s] - maxX)
                    let ny = max(minY - seedY[s], 0, seedY[s] - maxY)
                    let fx = max(abs(seedX[s] - minX), abs(seedX[s] - maxX))
                    let fy = max(abs(seedY[s] - minY), abs(seedY[s] - maxY))
                    lows[s] = nx * nx + ny * ny - w
                    bestHigh = min(bestHigh, fx * fx + fy * fy - w)
                }
                for s in 0..<seedX.count where lows[s] <= bestHigh {
                    candidateSeeds.append(Int32(s))
                }
            }
        }
        candidateStart[blocksX * blocksY] = candidateSeeds.count
        let starts = candidateStart
        let chosen = candidateSeeds

        var labels = [Int32](repeating: -1, count: frame.pixelCount)
        let width = frame.width
        let seedPrefecture = self.seedPrefecture
        let seedPower = (0..<seedX.count).map { weights[Int(seedPrefecture[$0])] }
        let seedX = self.seedX
        let seedY = self.seedY
        labels.withUnsafeMutableBufferPointer { buffer in
            let out = SharedBuffer(buffer)
            mask.part.withUnsafeBufferPointer { partBuffer in
                let parts = SharedBuffer(UnsafeMutableBufferPointer(mutating: partBuffer))
                Parallel.forEachChunk(count: frame.height) { rows in
                    for j in rows {
                        let y = frame.centreY(j)
                        for i in 0..<width {
                            let part = parts[j * width + i]
                            if part < 0 { continue }
                            let forced = partPrefecture[Int(part)]
                            if forced >= 0 {
                                out[j * width + i] = forced
                                continue
                            }
                            let x = frame.centreX(i)
                            let (dx, dy) = field.displacement(x: x, y: y)
                            let qx = x + dx
                            let qy = y + dy
                            let b = (j / block) * blocksX + i / block
                            out[j * width + i] = Self.nearest(
                                qx, qy, candidates: chosen, range: starts[b]..<starts[b + 1],
                                seedX: seedX, seedY: seedY, power: seedPower, owner: seedPrefecture)
                        }
                    }
                }
            }
        }
        return labels
    }

    /// The prefecture of the power-nearest candidate seed to (qx, qy).
    @inline(__always)
    private static func nearest(
        _ qx: Double, _ qy: Double, candidates: [Int32], range: Range<Int>,
        seedX: [Double], seedY: [Double], power: [Double], owner: [Int32]
    ) -> Int32 {
        candidates.withUnsafeBufferPointer { cand in
            seedX.withUnsafeBufferPointer { sx in
                seedY.withUnsafeBufferPointer { sy in
                    power.withUnsafeBufferPointer { pw in
                        var best = -1
                        var bestD = Double.infinity
                        for c in range {
                            let s = Int(cand[c])
                            let ex = qx - sx[s]
                            let ey = qy - sy[s]
                            let d = ex * ex + ey * ey - pw[s]
                            if d < bestD {
                                bestD = d
                                best = s
                            }
                        }
                        return best >= 0 ? owner[best] : -1
                    }
                }
            }
        }
    }
}
