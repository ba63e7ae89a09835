import Foundation

/// Finds spots at sea for the deliberate geocoding errors: 50–400 m off the coast (a point
/// snapped to the wrong side of the shoreline) or more than 5 km out (a swapped or truncated
/// coordinate). Distances are to the nearest land pixel, i.e. to the traced coastline.
struct SeaPlacer {
    struct Spot {
        var x: Double
        var y: Double
        /// The land pixel the spot was found from, whose town the source is registered in.
        var coastPixel: Int
    }

    let raster: ProvinceRaster
    var rng: SeededRandom
    private let coast: [(pixel: Int, dx: Int, dy: Int)]

    init(raster: ProvinceRaster, rng: SeededRandom) {
        self.raster = raster
        self.rng = rng
        let frame = raster.frame
        let part = raster.mask.part
        var coast: [(Int, Int, Int)] = []
        for j in 1..<(frame.height - 1) {
            for i in 1..<(frame.width - 1) {
                let p = j * frame.width + i
                guard part[p] >= 0 else { continue }
                for (dx, dy) in [(1, 0), (-1, 0), (0, 1), (0, -1)] where part[p + dy * frame.width + dx] < 0 {
                    coast.append((p, dx, dy))
                    break
                }
            }
        }
        self.coast = coast
    }

    mutating func nearShore() -> Spot? {
        search(attempts: 400, distance: 60...380) { d in d >= 50 && d <= 400 }
    }

    mutating func offshore() -> Spot? {
        search(attempts: 400, distance: 6_000...30_000) { d in d > 5_000 }
    }

    private mutating func search(attempts: Int, distance: ClosedRange<Double>, accept: (Double) -> Bool) -> Spot? {
        guard !coast.isEmpty else { return nil }
        let frame = raster.frame
        for _ in 0..<attempts {
            let c = coast[rng.below(coast.count)]
            let i = c.pixel % frame.width
            let j = c.pixel / frame.width
            // From the middle of the coastal edge, straight out to sea, with a little sideways play.
            let ex = frame.centreX(i) + Double(c.dx) * frame.pixelSize / 2
            let ey = frame.centreY(j) + Double(c.dy) * frame.pixelSize / 2
            let out = rng.uniform(distance.lowerBound, distance.upperBound)
            let side = rng.uniform(-0.4, 0.4) * frame.pixelSize
            let x = ex + Double(c.dx) * out + Double(c.dy) * side
            let y = ey + Double(c.dy) * out + Double(c.dx) * side
            let limit = distance.upperBound < 1_000 ? 500.0 : 5_200.0
            let d = distanceToLand(x: x, y: y, limit: limit)
            if accept(d) { return Spot(x: x, y: y, coastPixel: c.pixel) }
        }
        return nil
    }

    /// Distance in metres from (x, y) to the nearest land pixel, or `limit` if none is closer.
    func distanceToLand(x: Double, y: Double, limit: Double) -> Double {
        let frame = raster.frame
        let p = frame.pixelSize
        let ci = Int(((x - frame.originX) / p).rounded(.down))
        let cj = Int(((y - frame.originY) / p).rounded(.down))
        let r = Int((limit / p).rounded(.up)) + 1
        var best = limit
        let jLow = max(0, cj - r), jHigh = min(frame.height - 1, cj + r)
        let iLow = max(0, ci - r), iHigh = min(frame.width - 1, ci + r)
        guard jLow <= jHigh, iLow <= iHigh else { return limit }
        for j in jLow...jHigh {
            for i in iLow...iHigh {
                guard raster.mask.part[j * frame.width + i] >= 0 else { continue }
                let x0 = frame.originX + Double(i) * p
                let y0 = frame.originY + Double(j) * p
                let dx = max(x0 - x, 0, x - (x0 + p))
                let dy = max(y0 - y, 0, y - (y0 + p))
                best = min(best, (dx * dx + dy * dy).squareRoot())
            }
        }
        return best
    }
}
