import GeoKit

/// Which pixels are land, and which outline part (mainland or an island) each belongs to.
///
/// A pixel is land when its centre lies inside a part's ring; parts are filled independently
/// and the first one wins, so a pixel never belongs to two parts.
struct LandMask: Sendable {
    static let sea: Int8 = -1
    /// Outline part index per pixel, or `sea`.
    let part: [Int8]
    let landCount: Int

    init(frame: RasterFrame, parts: [[Coordinate]]) {
        var part = [Int8](repeating: LandMask.sea, count: frame.pixelCount)
        var land = 0
        var crossings: [Double] = []
        for (index, ring) in parts.enumerated() where ring.count >= 4 {
            let box = BoundingBox(covering: ring)
            let jLow = max(0, Int(((box.minY - frame.originY) / frame.pixelSize).rounded(.down)))
            let jHigh = min(frame.height - 1, Int(((box.maxY - frame.originY) / frame.pixelSize).rounded(.up)))
            guard jLow <= jHigh else { continue }
            for j in jLow...jHigh {
                let yc = frame.centreY(j)
                crossings.removeAll(keepingCapacity: true)
                for k in 0..<(ring.count - 1) {
                    let a = ring[k]
                    let b = ring[k + 1]
                    if (a.y <= yc) != (b.y <= yc) {
                        crossings.append(a.x + (yc - a.y) / (b.y - a.y) * (b.x - a.x))
                    }
                }
                crossings.sort()
                var c = 0
                while c + 1 < crossings.count {
                    let iStart = max(0, Int(((crossings[c] - frame.originX) / frame.pixelSize - 0.5).rounded(.up)))
                    let iEnd = min(frame.width, Int(((crossings[c + 1] - frame.originX) / frame.pixelSize - 0.5).rounded(.up)))
                    if iStart < iEnd {
                        let row = j * frame.width
                        for i in iStart..<iEnd where part[row + i] == LandMask.sea {
                            part[row + i] = Int8(truncatingIfNeeded: index)
                            land += 1
                        }
                    }
                    c += 2
                }
            }
        }
        self.part = part
        self.landCount = land
    }
}
