import GeoKit

/// Lattice vertices and points from EPSG:4547 metres to WGS-84 lon/lat.
///
/// Polygon vertices are many (millions) and lie on the pixel lattice, so they are interpolated
/// bilinearly between exact inverse projections taken every ~2 km (error < 1 cm, far below the
/// 6-decimal output): a pure function of the vertex id, so a border shared by two areas gets
/// identical coordinates in both. Isolated points (sources, depots) use the exact inverse.
struct VertexProjector: Sendable {
    let frame: RasterFrame
    private let step: Int
    private let nodesX: Int
    private let nodesY: Int
    private let lon: [Double]
    private let lat: [Double]

    init(frame: RasterFrame) {
        self.frame = frame
        let step = max(1, Int((2_000 / frame.pixelSize).rounded(.down)))
        self.step = step
        let nodesX = frame.width / step + 2
        let nodesY = frame.height / step + 2
        self.nodesX = nodesX
        self.nodesY = nodesY
        var lon = [Double](repeating: 0, count: nodesX * nodesY)
        var lat = [Double](repeating: 0, count: nodesX * nodesY)
        lon.withUnsafeMutableBufferPointer { lonBuffer in
            lat.withUnsafeMutableBufferPointer { latBuffer in
                let lonOut = SharedBuffer(lonBuffer)
                let latOut = SharedBuffer(latBuffer)
                Parallel.forEachChunk(count: nodesY) { rows in
                    for b in rows {
                        for a in 0..<nodesX {
                            let x = frame.originX + Double(a * step) * frame.pixelSize
                            let y = frame.originY + Double(b * step) * frame.pixelSize
                            let g = TransverseMercator.epsg4547.inverse(Coordinate(x, y))
                            lonOut[b * nodesX + a] = g.x
                            latOut[b * nodesX + a] = g.y
                        }
                    }
                }
            }
        }
        self.lon = lon
        self.lat = lat
    }

    /// Lon/lat of lattice vertex (i, j).
    @inline(__always)
    func vertex(i: Int, j: Int) -> (Double, Double) {
        let a = i / step, b = j / step
        let fa = Double(i - a * step) / Double(step)
        let fb = Double(j - b * step) / Double(step)
        let k00 = b * nodesX + a
        let k10 = k00 + 1
        let k01 = k00 + nodesX
        let k11 = k01 + 1
        let lo0 = lon[k00] + (lon[k10] - lon[k00]) * fa
        let lo1 = lon[k01] + (lon[k11] - lon[k01]) * fa
        let la0 = lat[k00] + (lat[k10] - lat[k00]) * fa
        let la1 = lat[k01] + (lat[k11] - lat[k01]) * fa
        return (lo0 + (lo1 - lo0) * fb, la0 + (la1 - la0) * fb)
    }

    /// Exact lon/lat of a point in metres.
    @inline(__always)
    func point(x: Double, y: Double) -> (Double, Double) {
        let g = TransverseMercator.epsg4547.inverse(Coordinate(x, y))
        return (g.x, g.y)
    }
}
