/// The land pixels of each label, grouped by label in increasing pixel order (a counting sort),
/// so every later step can visit one area's pixels without scanning the whole raster.
struct PixelLists: Sendable {
    /// `pixels[offsets[l]..<offsets[l+1]]` are the pixels of label l.
    let offsets: [Int]
    let pixels: [Int32]

    var labelCount: Int { offsets.count - 1 }

    init(labels: [Int32], labelCount: Int) {
        var counts = [Int](repeating: 0, count: labelCount + 1)
        for l in labels where l >= 0 { counts[Int(l) + 1] += 1 }
        for k in 0..<labelCount { counts[k + 1] += counts[k] }
        offsets = counts
        var cursor = counts
        var pixels = [Int32](repeating: 0, count: counts[labelCount])
        for (p, l) in labels.enumerated() where l >= 0 {
            pixels[cursor[Int(l)]] = Int32(p)
            cursor[Int(l)] += 1
        }
        self.pixels = pixels
    }

    @inline(__always)
    func count(of label: Int) -> Int { offsets[label + 1] - offsets[label] }

    @inline(__always)
    func range(of label: Int) -> Range<Int> { offsets[label]..<offsets[label + 1] }
}
