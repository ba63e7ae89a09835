/// One administrative level as labelled on the raster: a label per land pixel, the parent of
/// each label, and per-label pixel lists and centroids. Labels that ended with no pixels are
/// simply empty; they get no code and no feature.
struct LevelRaster: Sendable {
    let labels: [Int32]
    let labelCount: Int
    /// Parent label per label (-1 for prefectures).
    let parentOf: [Int32]
    let lists: PixelLists
    let centroidX: [Double]
    let centroidY: [Double]

    init(labels: [Int32], labelCount: Int, parentOf: [Int32], frame: RasterFrame) {
        self.labels = labels
        self.labelCount = labelCount
        self.parentOf = parentOf
        let lists = PixelLists(labels: labels, labelCount: labelCount)
        self.lists = lists
        var cx = [Double](repeating: 0, count: labelCount)
        var cy = [Double](repeating: 0, count: labelCount)
        for l in 0..<labelCount {
            let range = lists.range(of: l)
            guard !range.isEmpty else { continue }
            var sx = 0.0
            var sy = 0.0
            for index in range {
                let p = Int(lists.pixels[index])
                sx += Double(p % frame.width)
                sy += Double(p / frame.width)
            }
            let n = Double(range.count)
            cx[l] = frame.originX + (sx / n + 0.5) * frame.pixelSize
            cy[l] = frame.originY + (sy / n + 0.5) * frame.pixelSize
        }
        centroidX = cx
        centroidY = cy
    }

    func pixelCount(_ label: Int) -> Int { lists.count(of: label) }

    /// The pixel of `label` whose centre is nearest (x, y): a point guaranteed inside the area.
    func nearestPixel(of label: Int, x: Double, y: Double, frame: RasterFrame) -> Int? {
        var best: Int?
        var bestD = Double.infinity
        for index in lists.range(of: label) {
            let p = Int(lists.pixels[index])
            let dx = frame.centreX(p % frame.width) - x
            let dy = frame.centreY(p / frame.width) - y
            let d = dx * dx + dy * dy
            if d < bestD {
                bestD = d
                best = p
            }
        }
        return best
    }
}
