import GeoKit

/// The pixel lattice every area level is labelled on, in EPSG:4547 metres.
///
/// Pixel (i, j) covers [x0 + i·p, x0 + (i+1)·p) × [y0 + j·p, y0 + (j+1)·p); j grows northwards,
/// so counter-clockwise in pixel indices is counter-clockwise on the map. Vertex (i, j) is the
/// pixel's south-west corner; there are (width+1)·(height+1) vertices.
struct RasterFrame: Sendable {
    let originX: Double
    let originY: Double
    let width: Int
    let height: Int
    let pixelSize: Double

    var pixelCount: Int { width * height }

    /// A frame covering `box` (metres) with `margin` sea pixels on every side.
    init(covering box: BoundingBox, pixelSize: Double, margin: Int = 3) {
        self.pixelSize = pixelSize
        let x0 = ((box.minX / pixelSize).rounded(.down) - Double(margin)) * pixelSize
        let y0 = ((box.minY / pixelSize).rounded(.down) - Double(margin)) * pixelSize
        originX = x0
        originY = y0
        width = Int(((box.maxX - x0) / pixelSize).rounded(.up)) + margin
        height = Int(((box.maxY - y0) / pixelSize).rounded(.up)) + margin
    }

    @inline(__always)
    func centreX(_ i: Int) -> Double { originX + (Double(i) + 0.5) * pixelSize }

    @inline(__always)
    func centreY(_ j: Int) -> Double { originY + (Double(j) + 0.5) * pixelSize }

    /// The pixel containing (x, y), or nil outside the frame.
    @inline(__always)
    func pixel(x: Double, y: Double) -> Int? {
        let fi = ((x - originX) / pixelSize).rounded(.down)
        let fj = ((y - originY) / pixelSize).rounded(.down)
        guard fi >= 0, fj >= 0, fi < Double(width), fj < Double(height) else { return nil }
        return Int(fj) * width + Int(fi)
    }
}
