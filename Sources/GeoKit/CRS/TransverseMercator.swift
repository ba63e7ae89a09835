import Foundation

/// Transverse Mercator by Krüger's series to sixth order (Karney 2011), as PROJ's `tmerc`.
///
/// Written out rather than delegated to PROJ because projecting 661,500 points through
/// `ST_Transform` costs seconds and this costs milliseconds; the series is accurate to well
/// under a millimetre within a few degrees of the central meridian. Any central meridian, scale,
/// origin and false easting/northing: the CGCS2000 3-degree Gauss-Krüger zones and the UTM zones
/// are instances (`MetricCRS.cgcs2000Zone`, `MetricCRS.utmZone`).
public struct TransverseMercator: Sendable {
    public let ellipsoid: Ellipsoid
    public let centralMeridian: Double
    public let latitudeOfOrigin: Double
    public let scale: Double
    public let falseEasting: Double
    public let falseNorthing: Double

    private let rectifyingRadius: Double
    private let eccentricity: Double
    /// The northing of the equator on the central meridian: the false northing less the meridian
    /// arc to the latitude of origin (exactly the false northing when that latitude is 0).
    private let equatorNorthing: Double
    /// The series coefficients, in SIMD values rather than arrays: a projection is copied out of
    /// a `MetricCRS` for every point, and an array would cost a reference count each time.
    private let alpha: SIMD8<Double>
    private let beta: SIMD8<Double>

    public init(
        ellipsoid: Ellipsoid, centralMeridian: Double, scale: Double = 1,
        falseEasting: Double, falseNorthing: Double = 0, latitudeOfOrigin: Double = 0
    ) {
        let f = 1 / ellipsoid.inverseFlattening
        let n = f / (2 - f)
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n
        self.ellipsoid = ellipsoid
        self.centralMeridian = centralMeridian
        self.latitudeOfOrigin = latitudeOfOrigin
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        self.scale = scale
        self.rectifyingRadius = ellipsoid.semiMajorAxis / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256)
        self.eccentricity = (f * (2 - f)).squareRoot()
        let alpha = SIMD8<Double>(
            n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
            13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1_983_433 * n6 / 1_935_360,
            61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167_603 * n6 / 181_440,
            49561 * n4 / 161_280 - 179 * n5 / 168 + 6_601_661 * n6 / 7_257_600,
            34729 * n5 / 80640 - 3_418_889 * n6 / 1_995_840,
            212_378_941 * n6 / 319_334_400, 0, 0)
        self.beta = SIMD8<Double>(
            n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604_800,
            n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1_118_711 * n6 / 3_870_720,
            17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
            4397 * n4 / 161_280 - 11 * n5 / 504 - 830_251 * n6 / 7_257_600,
            4583 * n5 / 161_280 - 108_847 * n6 / 3_991_680,
            20_648_693 * n6 / 638_668_800, 0, 0)
        self.alpha = alpha
        // The meridian arc to the latitude of origin: the forward series on the central meridian.
        let sinPhi0 = sin(latitudeOfOrigin * .pi / 180)
        let e = eccentricity
        let xiPrime0 = atan(sinh(atanh(sinPhi0) - e * atanh(e * sinPhi0)))
        var xi0 = xiPrime0
        for j in 0..<6 { xi0 += alpha[j] * sin(2 * Double(j + 1) * xiPrime0) }
        self.equatorNorthing = falseNorthing - scale * rectifyingRadius * xi0
    }

    /// Longitude/latitude in degrees to easting/northing in metres.
    ///
    /// A longitude more than 180° from the central meridian is taken the short way round, so a
    /// zone that straddles ±180° (UTM zones 1 and 60) accepts points on either side of it.
    @inline(__always)
    public func forward(_ geographic: Coordinate) -> Coordinate {
        var fromCentralMeridian = geographic.x - centralMeridian
        if abs(fromCentralMeridian) > 180 { fromCentralMeridian = remainder(fromCentralMeridian, 360) }
        let series = forwardSeries(latitude: geographic.y, longitudeFromCentralMeridian: fromCentralMeridian)
        return Coordinate(falseEasting + series.x, equatorNorthing + series.y)
    }

    /// Easting and northing in metres from the central meridian and from the equator.
    @inline(__always)
    private func forwardSeries(latitude: Double, longitudeFromCentralMeridian: Double) -> Coordinate {
        let phi = latitude * .pi / 180
        let lambda = longitudeFromCentralMeridian * .pi / 180
        let e = eccentricity
        let sinPhi = sin(phi)
        let t = sinh(atanh(sinPhi) - e * atanh(e * sinPhi))
        let cosLambda = cos(lambda)
        let xiPrime = atan2(t, cosLambda)
        let etaPrime = atanh(sin(lambda) / (1 + t * t).squareRoot())
        var xi = xiPrime
        var eta = etaPrime
        for j in 0..<6 {
            let k = 2 * Double(j + 1)
            xi += alpha[j] * sin(k * xiPrime) * cosh(k * etaPrime)
            eta += alpha[j] * cos(k * xiPrime) * sinh(k * etaPrime)
        }
        return Coordinate(scale * rectifyingRadius * eta, scale * rectifyingRadius * xi)
    }

    /// Easting/northing in metres to longitude/latitude in degrees, the longitude in −180…180.
    public func inverse(_ projected: Coordinate) -> Coordinate {
        let xi = (projected.y - equatorNorthing) / (scale * rectifyingRadius)
        let eta = (projected.x - falseEasting) / (scale * rectifyingRadius)
        var xiPrime = xi
        var etaPrime = eta
        for j in 0..<6 {
            let k = 2 * Double(j + 1)
            xiPrime -= beta[j] * sin(k * xi) * cosh(k * eta)
            etaPrime -= beta[j] * cos(k * xi) * sinh(k * eta)
        }
        let lambda = atan2(sinh(etaPrime), cos(xiPrime))
        // Conformal latitude, then geodetic latitude by Newton's method on tan(phi) (Karney 2011).
        let tauPrime = sin(xiPrime) / (sinh(etaPrime) * sinh(etaPrime) + cos(xiPrime) * cos(xiPrime)).squareRoot()
        let e = eccentricity
        let e2m = 1 - e * e
        var tau = tauPrime
        for _ in 0..<5 {
            let s = (1 + tau * tau).squareRoot()
            let sigma = sinh(e * atanh(e * tau / s))
            let tauI = tau * (1 + sigma * sigma).squareRoot() - sigma * s
            let delta = (tauPrime - tauI) / (1 + tauI * tauI).squareRoot() * (1 + e2m * tau * tau) / (e2m * s)
            tau += delta
            if abs(delta) < 1e-14 { break }
        }
        return Coordinate(Longitude.normalized(centralMeridian + lambda * 180 / .pi), atan(tau) * 180 / .pi)
    }
}

extension TransverseMercator: Hashable {
    /// Equal when defined alike; the series coefficients follow from the definition.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.ellipsoid == rhs.ellipsoid && lhs.centralMeridian == rhs.centralMeridian
            && lhs.latitudeOfOrigin == rhs.latitudeOfOrigin && lhs.scale == rhs.scale
            && lhs.falseEasting == rhs.falseEasting && lhs.falseNorthing == rhs.falseNorthing
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ellipsoid)
        hasher.combine(centralMeridian)
        hasher.combine(latitudeOfOrigin)
        hasher.combine(scale)
        hasher.combine(falseEasting)
        hasher.combine(falseNorthing)
    }
}

extension TransverseMercator {
    /// EPSG:4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E: the projection of every x/y in a store
    /// made before the metric system was chosen per dataset (`MetricCRS.fitting`), and the one
    /// `fitting` chooses for Guangdong.
    public static let epsg4547 = TransverseMercator(ellipsoid: .grs80, centralMeridian: 114, falseEasting: 500_000)

    /// The projected bounds of a longitude/latitude box: its boundary, densified, projected.
    /// (Straight lines of one system curve slightly in the other, so corners alone fall short.)
    public func forwardBounds(of box: BoundingBox) -> BoundingBox {
        box.boundsOfDensifiedBoundary(through: forward)
    }

    /// The longitude/latitude bounds of a projected box, as `forwardBounds` the other way.
    public func inverseBounds(of box: BoundingBox) -> BoundingBox {
        box.boundsOfDensifiedBoundary(through: inverse)
    }
}

extension BoundingBox {
    /// The bounds of this box's boundary, 32 steps a side, each point sent through `transform`:
    /// a box's image in another coordinate system, whose straight lines curve in this one.
    func boundsOfDensifiedBoundary(through transform: (Coordinate) -> Coordinate) -> BoundingBox {
        var bounds = BoundingBox.empty
        let steps = 32
        for k in 0...steps {
            let t = Double(k) / Double(steps)
            let x = minX + (maxX - minX) * t, y = minY + (maxY - minY) * t
            for point in [Coordinate(x, minY), Coordinate(x, maxY), Coordinate(minX, y), Coordinate(maxX, y)] {
                bounds.expand(toInclude: transform(point))
            }
        }
        return bounds
    }
}
