import Foundation

/// Albers equal-area conic on the ellipsoid, as PROJ's `aea` (Snyder 1987, §14).
///
/// The projection for data wider than a transverse Mercator zone can hold (Xinjiang, a whole
/// country): every area keeps its size exactly, so square cells are equal in area however wide
/// the data, and distances stay close because the scale depends on latitude only. Along a
/// parallel the scale is `k`, along a meridian `1/k`; `k` is 1 on the two standard parallels,
/// below 1 between them and above 1 outside. `fitted(latitudes:centralMeridian:ellipsoid:)`
/// places them for a dataset.
public struct AlbersEqualArea: Sendable {
    public let ellipsoid: Ellipsoid
    public let firstParallel: Double
    public let secondParallel: Double
    public let latitudeOfOrigin: Double
    public let centralMeridian: Double
    public let falseEasting: Double
    public let falseNorthing: Double

    private let eccentricity: Double
    private let oneMinusESquared: Double
    /// The cone constant: how much of a full turn the parallels span once the cone is unrolled.
    private let n: Double
    private let c: Double
    /// The radius of the latitude of origin's parallel, in metres.
    private let rho0: Double

    /// Standard parallels in degrees, at least one away from the equator's mirror image of the
    /// other (`firstParallel + secondParallel` not zero: the cone would become a cylinder).
    public init(
        ellipsoid: Ellipsoid, firstParallel: Double, secondParallel: Double,
        latitudeOfOrigin: Double = 0, centralMeridian: Double, falseEasting: Double = 0, falseNorthing: Double = 0
    ) {
        precondition(abs(firstParallel + secondParallel) > 1e-9, "Albers standard parallels symmetric about the equator")
        self.ellipsoid = ellipsoid
        self.firstParallel = firstParallel
        self.secondParallel = secondParallel
        self.latitudeOfOrigin = latitudeOfOrigin
        self.centralMeridian = centralMeridian
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        let e = ellipsoid.eccentricity
        let oneMinusESquared = 1 - ellipsoid.eccentricitySquared
        self.eccentricity = e
        self.oneMinusESquared = oneMinusESquared
        let phi1 = firstParallel * .pi / 180, phi2 = secondParallel * .pi / 180
        let m1 = Self.m(phi1, e), q1 = Self.q(sin(phi1), e, oneMinusESquared)
        let n: Double
        if abs(phi1 - phi2) < 1e-10 {
            n = sin(phi1)
        } else {
            let m2 = Self.m(phi2, e), q2 = Self.q(sin(phi2), e, oneMinusESquared)
            n = (m1 * m1 - m2 * m2) / (q2 - q1)
        }
        self.n = n
        self.c = m1 * m1 + n * q1
        let q0 = Self.q(sin(latitudeOfOrigin * .pi / 180), e, oneMinusESquared)
        self.rho0 = ellipsoid.semiMajorAxis / n * (c - n * q0).squareRoot()
    }

    /// Longitude/latitude in degrees to easting/northing in metres. A longitude more than 180°
    /// from the central meridian is taken the short way round.
    @inline(__always)
    public func forward(_ geographic: Coordinate) -> Coordinate {
        var fromCentralMeridian = geographic.x - centralMeridian
        if abs(fromCentralMeridian) > 180 { fromCentralMeridian = remainder(fromCentralMeridian, 360) }
        let q = Self.q(sin(geographic.y * .pi / 180), eccentricity, oneMinusESquared)
        let rho = ellipsoid.semiMajorAxis / n * max(0, c - n * q).squareRoot()
        let theta = n * fromCentralMeridian * .pi / 180
        return Coordinate(falseEasting + rho * sin(theta), falseNorthing + rho0 - rho * cos(theta))
    }

    /// Easting/northing in metres to longitude/latitude in degrees, the longitude in −180…180.
    public func inverse(_ projected: Coordinate) -> Coordinate {
        var x = projected.x - falseEasting
        var y = rho0 - (projected.y - falseNorthing)
        var rho = (x * x + y * y).squareRoot()
        if n < 0 { rho = -rho; x = -x; y = -y }
        let scaled = rho * n / ellipsoid.semiMajorAxis
        let q = (c - scaled * scaled) / n
        let lambda = atan2(x, y) / n
        return Coordinate(
            Longitude.normalized(centralMeridian + lambda * 180 / .pi), latitude(authalicQ: q) * 180 / .pi)
    }

    /// The scale along the parallel at a latitude in degrees (the scale along the meridian is its
    /// reciprocal): the projection's whole distortion, the same at every longitude.
    public func parallelScale(atLatitude latitude: Double) -> Double {
        let phi = latitude * .pi / 180
        let q = Self.q(sin(phi), eccentricity, oneMinusESquared)
        return max(0, c - n * q).squareRoot() / Self.m(phi, eccentricity)
    }

    /// The geodetic latitude in radians whose `q` this is, by Newton's iteration (Snyder 3-16)
    /// to a change below 1e-14 rad; beyond the poles' `q`, the pole.
    private func latitude(authalicQ q: Double) -> Double {
        let e = eccentricity
        let poleQ = Self.q(1, e, oneMinusESquared)
        if abs(q) >= poleQ { return q < 0 ? -.pi / 2 : .pi / 2 }
        var phi = asin(q / 2)
        for _ in 0..<15 {
            let sinPhi = sin(phi), cosPhi = cos(phi)
            let es = e * sinPhi
            let w = 1 - es * es
            let step = w * w / (2 * cosPhi) * (q / oneMinusESquared - sinPhi / w - atanh(es) / e)
            phi += step
            if abs(step) < 1e-14 { break }
        }
        return phi
    }

    /// `m = cos φ / √(1 − e² sin² φ)`: the radius of a parallel in semi-major axes.
    private static func m(_ phi: Double, _ e: Double) -> Double {
        let es = e * sin(phi)
        return cos(phi) / (1 - es * es).squareRoot()
    }

    /// Snyder's `q` (3-12): the area from the equator to a latitude, up to a constant.
    @inline(__always)
    private static func q(_ sinPhi: Double, _ e: Double, _ oneMinusESquared: Double) -> Double {
        let es = e * sinPhi
        return oneMinusESquared * (sinPhi / (1 - es * es) + atanh(es) / e)
    }
}

extension AlbersEqualArea: Hashable {
    /// Equal when defined alike; the cone's constants follow from the definition.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.ellipsoid == rhs.ellipsoid && lhs.firstParallel == rhs.firstParallel
            && lhs.secondParallel == rhs.secondParallel && lhs.latitudeOfOrigin == rhs.latitudeOfOrigin
            && lhs.centralMeridian == rhs.centralMeridian && lhs.falseEasting == rhs.falseEasting
            && lhs.falseNorthing == rhs.falseNorthing
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ellipsoid)
        hasher.combine(firstParallel)
        hasher.combine(secondParallel)
        hasher.combine(latitudeOfOrigin)
        hasher.combine(centralMeridian)
        hasher.combine(falseEasting)
        hasher.combine(falseNorthing)
    }
}

extension AlbersEqualArea {
    /// The conic for data spanning `latitudes`, with standard parallels placed so that the worst
    /// scale error is as small as it can be: equal at the north edge, the south edge and the
    /// parallel of smallest scale between them.
    ///
    /// The rule of thumb, standard parallels at 1/6 and 5/6 of the range, leaves 0.53 % across
    /// Xinjiang (over the 0.5 % allowed a province) and 1.6 % across the continental USA; these
    /// leave 0.42 % and 1.2 %. Every Albers conic keeps areas whatever its parallels, so they can
    /// be chosen for distances alone: `k² m² = C − n q` is linear in the cone's constants, so the
    /// conic with its standard parallels on the two edges, scaled in `k` until its smallest scale
    /// is the reciprocal of its edges' scale, is the best one, and its standard parallels are
    /// where that scale is 1. They are rounded to 0.01° for a readable PROJ string (a change of
    /// about 1e-5 in the scale); a range centred on the equator, where the cone would become a
    /// cylinder, keeps them 0.2° from symmetric. Latitudes are clamped to ±89°.
    public static func fitted(
        latitudes: ClosedRange<Double>, centralMeridian: Double, ellipsoid: Ellipsoid
    ) -> AlbersEqualArea {
        let south = max(-89, min(89, latitudes.lowerBound)), north = max(-89, min(89, latitudes.upperBound))
        let middle = (south + north) / 2
        var parallels = (middle, middle)
        if north - south > 0.02 {
            let edgesScale = parallelScale(standardParallels: south, north, ellipsoid: ellipsoid)
            let smallest = goldenSectionMinimum(of: edgesScale, in: south...north)
            // The fitted conic's scale is the edges' conic's divided by √(its smallest scale):
            // 1 where the edges' conic has √(smallest scale).
            let target = edgesScale(smallest).squareRoot()
            func crossing(_ range: ClosedRange<Double>, rising: Bool) -> Double {
                var low = range.lowerBound, high = range.upperBound
                for _ in 0..<60 {
                    let mid = (low + high) / 2
                    if (edgesScale(mid) < target) == rising { low = mid } else { high = mid }
                }
                return (low + high) / 2
            }
            parallels = (crossing(south...smallest, rising: false), crossing(smallest...north, rising: true))
        }
        var first = rounded(parallels.0), second = rounded(parallels.1)
        let sum = first + second
        if abs(sum) < 0.2 {
            let shift = ((sum < 0 ? -0.2 : 0.2) - sum) / 2
            first = rounded(first + shift)
            second = rounded(second + shift)
        }
        return AlbersEqualArea(
            ellipsoid: ellipsoid, firstParallel: first, secondParallel: second,
            latitudeOfOrigin: rounded(middle), centralMeridian: rounded(Longitude.normalized(centralMeridian)))
    }

    /// The scale along the parallels, by latitude in degrees, of the conic with these standard
    /// parallels (distinct): as `parallelScale(atLatitude:)`, and defined for parallels symmetric
    /// about the equator too, where the cone constant is 0 and the conic a cylinder.
    private static func parallelScale(
        standardParallels south: Double, _ north: Double, ellipsoid: Ellipsoid
    ) -> (Double) -> Double {
        let e = ellipsoid.eccentricity, oneMinusESquared = 1 - ellipsoid.eccentricitySquared
        let phi1 = south * .pi / 180, phi2 = north * .pi / 180
        let m1 = m(phi1, e), m2 = m(phi2, e)
        let q1 = q(sin(phi1), e, oneMinusESquared), q2 = q(sin(phi2), e, oneMinusESquared)
        let n = (m1 * m1 - m2 * m2) / (q2 - q1)
        let c = m1 * m1 + n * q1
        return { latitude in
            let phi = latitude * .pi / 180
            return max(0, c - n * q(sin(phi), e, oneMinusESquared)).squareRoot() / m(phi, e)
        }
    }

    private static func rounded(_ degrees: Double) -> Double { (degrees * 100).rounded() / 100 }

    /// The argument of a unimodal function's minimum in a range, to 1e-9 of it.
    private static func goldenSectionMinimum(of f: (Double) -> Double, in range: ClosedRange<Double>) -> Double {
        let ratio = (5.0.squareRoot() - 1) / 2
        var low = range.lowerBound, high = range.upperBound
        while high - low > 1e-9 * max(1, range.upperBound - range.lowerBound) {
            let left = high - ratio * (high - low), right = low + ratio * (high - low)
            if f(left) < f(right) { high = right } else { low = left }
        }
        return (low + high) / 2
    }
}
