import Foundation

/// A point of the ellipsoid's surface in earth-centred Cartesian metres (ECEF): where distances
/// are measured when no projection keeps them (`MetricCRS.Distances.geodesic`).
///
/// The straight chord between two such points is exact wherever they are, with no zone, edge
/// or antimeridian, and the geodesic between them is longer than the chord only by the curve's
/// sagitta, `c³/24ρ²`: 2.6 mm over 50 km. `Ellipsoid.surfaceDistance` adds it back for the
/// sphere of the earth's mean radius, which leaves 1e-5 at 1,000 km against Karney's geodesic
/// (the normal sections' radii differ from the mean by up to 0.7 %); longer lines are measured
/// by Lambert's formula.
public struct GeocentricPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inline(__always)
    public func squaredChord(to other: GeocentricPoint) -> Double {
        let dx = x - other.x, dy = y - other.y, dz = z - other.z
        return dx * dx + dy * dy + dz * dz
    }
}

extension Ellipsoid {
    /// The earth's mean radius (IUGG, `(2a + b)/3`), for the arc over a chord.
    public static let meanRadius = 6_371_008.8

    /// Longitude/latitude in degrees (on the surface, no height) to earth-centred metres.
    @inline(__always)
    public func geocentric(_ geographic: Coordinate) -> GeocentricPoint {
        let phi = geographic.y * .pi / 180, lambda = geographic.x * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let primeVertical = semiMajorAxis / (1 - eccentricitySquared * sinPhi * sinPhi).squareRoot()
        return GeocentricPoint(
            x: primeVertical * cosPhi * cos(lambda), y: primeVertical * cosPhi * sin(lambda),
            z: primeVertical * (1 - eccentricitySquared) * sinPhi)
    }

    /// The distance along the surface between two points, in metres: the chord, lengthened
    /// into the arc over it (`GeocentricPoint`), up to `chordLimit`; past it Lambert's formula
    /// for long lines (the great circle of the reduced latitudes, corrected for the flattening).
    /// Within 1e-5 of the ellipsoid's geodesic up to 1,000 km, and of the order of 1e-5
    /// beyond, nearly to the antipodes (measured against pyproj's in MetricCRSAccuracyTests).
    public func surfaceDistance(from a: Coordinate, to b: Coordinate) -> Double {
        surfaceDistance(a, geocentric(a), b, geocentric(b))
    }

    /// `surfaceDistance(from:to:)` for points whose geocentric positions are known (a matrix of
    /// distances computes each once).
    public func surfaceDistance(_ a: Coordinate, _ pa: GeocentricPoint, _ b: Coordinate, _ pb: GeocentricPoint) -> Double {
        let chord = pa.squaredChord(to: pb).squareRoot()
        if chord <= Self.chordLimit { return Self.arc(overChord: chord) }
        return lambertDistance(a, b)
    }

    /// Where the chord's arc gives way to Lambert's formula: 100 km, where both are within
    /// 1e-6 of the geodesic.
    static let chordLimit = 100_000.0

    /// Lambert's formula for long lines (Lambert 1942; Bowring's form): the central angle
    /// between the reduced latitudes, shortened for the flattening by the terms in `X` and `Y`.
    private func lambertDistance(_ a: Coordinate, _ b: Coordinate) -> Double {
        let f = flattening
        let beta1 = atan((1 - f) * tan(a.y * .pi / 180)), beta2 = atan((1 - f) * tan(b.y * .pi / 180))
        let dLambda = (b.x - a.x) * .pi / 180
        let h = sin((beta2 - beta1) / 2) * sin((beta2 - beta1) / 2)
            + cos(beta1) * cos(beta2) * sin(dLambda / 2) * sin(dLambda / 2)
        let sigma = 2 * asin(min(1, h.squareRoot()))
        let p = (beta1 + beta2) / 2, q = (beta2 - beta1) / 2
        let halfCos = cos(sigma / 2), halfSin = sin(sigma / 2)
        let x = halfCos > 1e-12 ? (sigma - sin(sigma)) * sin(p) * sin(p) * cos(q) * cos(q) / (halfCos * halfCos) : 0
        let y = (sigma + sin(sigma)) * cos(p) * cos(p) * sin(q) * sin(q) / (halfSin * halfSin)
        return semiMajorAxis * (sigma - f / 2 * (x + y))
    }

    /// `surfaceDistance` for two geocentric points close enough for the chord (up to 1,000 km,
    /// within 1e-5): the neighbour searches, which compare chords and need no coordinates.
    public func surfaceDistance(_ a: GeocentricPoint, _ b: GeocentricPoint) -> Double {
        Self.arc(overChord: a.squaredChord(to: b).squareRoot())
    }

    /// The chord under a surface distance: a search for neighbours within `distance` compares
    /// chords with it, and never takes an arc sine per pair.
    public static func chord(underArc distance: Double) -> Double {
        let half = min(distance / (2 * meanRadius), .pi / 2)
        return 2 * meanRadius * sin(half)
    }

    /// The arc over a chord, on the sphere of the mean radius (the inverse of `chord(underArc:)`).
    public static func arc(overChord chord: Double) -> Double {
        2 * meanRadius * asin(min(1, chord / (2 * meanRadius)))
    }
}
