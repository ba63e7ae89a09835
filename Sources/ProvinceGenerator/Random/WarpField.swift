/// A smooth displacement field (value noise, several octaves) added to a pixel's position
/// before the nearest-seed test, so that borders between areas wiggle like real ones instead
/// of running straight as Voronoi edges.
///
/// Each octave's slope stays well below 1 so the warped plane never folds: a seed's cell stays
/// one connected piece. Lattice values are hashed from the seed once into tables covering the
/// raster, so evaluating the field for millions of pixels is a few table reads per octave.
struct WarpField: Sendable {
    struct Octave: Sendable {
        var wavelength: Double
        var amplitude: Double
    }

    private struct Table: Sendable {
        let originX: Double
        let originY: Double
        let inverseWavelength: Double
        let amplitude: Double
        let nx: Int
        let ny: Int
        /// Interleaved (dx, dy) in [-1, 1] per lattice point, row-major.
        let values: [Double]
    }

    let octaves: [Octave]
    private let tables: [Table]

    /// The largest displacement in metres, for bounding candidate searches.
    var maxDisplacement: Double { octaves.reduce(0) { $0 + $1.amplitude } }

    init(seed: UInt64, octaves: [Octave], frame: RasterFrame) {
        self.octaves = octaves
        let maxX = frame.originX + Double(frame.width) * frame.pixelSize
        let maxY = frame.originY + Double(frame.height) * frame.pixelSize
        tables = octaves.enumerated().map { k, octave in
            let octaveSeed = seed &+ UInt64(k) &* 0x632B_E59B_D9B4_E019
            let i0 = (frame.originX / octave.wavelength).rounded(.down) - 1
            let j0 = (frame.originY / octave.wavelength).rounded(.down) - 1
            let nx = Int((maxX / octave.wavelength).rounded(.up) - i0) + 2
            let ny = Int((maxY / octave.wavelength).rounded(.up) - j0) + 2
            var values = [Double](repeating: 0, count: 2 * nx * ny)
            for j in 0..<ny {
                for i in 0..<nx {
                    let (a, b) = Self.lattice(Int64(i0) + Int64(i), Int64(j0) + Int64(j), octaveSeed)
                    values[2 * (j * nx + i)] = a
                    values[2 * (j * nx + i) + 1] = b
                }
            }
            return Table(
                originX: i0 * octave.wavelength, originY: j0 * octave.wavelength,
                inverseWavelength: 1 / octave.wavelength, amplitude: octave.amplitude, nx: nx, ny: ny, values: values)
        }
    }

    /// The displacement at (x, y) in metres (inside the frame the field was built for).
    @inline(__always)
    func displacement(x: Double, y: Double) -> (Double, Double) {
        var dx = 0.0
        var dy = 0.0
        for table in tables {
            let fx = max(0, (x - table.originX) * table.inverseWavelength)
            let fy = max(0, (y - table.originY) * table.inverseWavelength)
            let i = min(Int(fx), table.nx - 2)
            let j = min(Int(fy), table.ny - 2)
            let tx = min(fx - Double(i), 1)
            let ty = min(fy - Double(j), 1)
            let sx = tx * tx * (3 - 2 * tx)
            let sy = ty * ty * (3 - 2 * ty)
            table.values.withUnsafeBufferPointer { v in
                let k00 = 2 * (j * table.nx + i)
                let k01 = k00 + 2 * table.nx
                let a0 = v[k00] + (v[k00 + 2] - v[k00]) * sx
                let a1 = v[k01] + (v[k01 + 2] - v[k01]) * sx
                let b0 = v[k00 + 1] + (v[k00 + 3] - v[k00 + 1]) * sx
                let b1 = v[k01 + 1] + (v[k01 + 3] - v[k01 + 1]) * sx
                dx += (a0 + (a1 - a0) * sy) * table.amplitude
                dy += (b0 + (b1 - b0) * sy) * table.amplitude
            }
        }
        return (dx, dy)
    }

    /// Two independent lattice values in [-1, 1] hashed from the lattice position.
    private static func lattice(_ i: Int64, _ j: Int64, _ seed: UInt64) -> (Double, Double) {
        let h = Hash.mix(seed ^ (UInt64(bitPattern: i) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: j) &* 0xC2B2_AE3D_27D4_EB4F))
        let a = Double(h >> 32) * (2.0 / 4_294_967_296.0) - 1
        let b = Double(h & 0xFFFF_FFFF) * (2.0 / 4_294_967_296.0) - 1
        return (a, b)
    }
}
