import Foundation

/// Transverse Mercator by Krüger's series to sixth order (Karney 2011), as PROJ's `tmerc`.
///
/// Written out rather than delegated to PROJ because projecting 661,500 points through
/// `ST_Transform` costs seconds and this costs milliseconds; the series is accurate to well
/// under a millimetre within the 3-degree zone. `EPSG:4547` (CGCS2000 / 3-degree
/// Gauss-Kruger CM 114E) is the projected system every distance in permitwatch is measured in.
public struct GaussKruger: Sendable {
    public let centralMeridian: Double
    public let falseEasting: Double
    public let falseNorthing: Double
    public let scale: Double

    private let rectifyingRadius: Double
    private let eccentricity: Double
    private let alpha: [Double]
    private let beta: [Double]

    /// EPSG:4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E: the projection of every x/y in the store.
    public static let epsg4547 = GaussKruger(
        semiMajorAxis: 6_378_137, inverseFlattening: 298.257222101,
        centralMeridian: 114, falseEasting: 500_000)

    public init(
        semiMajorAxis a: Double, inverseFlattening: Double, centralMeridian: Double,
        falseEasting: Double, falseNorthing: Double = 0, scale: Double = 1
    ) {
        let f = 1 / inverseFlattening
        let n = f / (2 - f)
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n
        self.centralMeridian = centralMeridian
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        self.scale = scale
        self.rectifyingRadius = a / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256)
        self.eccentricity = (f * (2 - f)).squareRoot()
        self.alpha = [
            n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
            13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1_983_433 * n6 / 1_935_360,
            61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167_603 * n6 / 181_440,
            49561 * n4 / 161_280 - 179 * n5 / 168 + 6_601_661 * n6 / 7_257_600,
            34729 * n5 / 80640 - 3_418_889 * n6 / 1_995_840,
            212_378_941 * n6 / 319_334_400,
        ]
        self.beta = [
            n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604_800,
            n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1_118_711 * n6 / 3_870_720,
            17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
            4397 * n4 / 161_280 - 11 * n5 / 504 - 830_251 * n6 / 7_257_600,
            4583 * n5 / 161_280 - 108_847 * n6 / 3_991_680,
            20_648_693 * n6 / 638_668_800,
        ]
    }

    /// Longitude/latitude in degrees to easting/northing in metres.
    @inline(__always)
    public func forward(_ geographic: Coordinate) -> Coordinate {
        let phi = geographic.y * .pi / 180
        let lambda = (geographic.x - centralMeridian) * .pi / 180
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
        return Coordinate(
            falseEasting + scale * rectifyingRadius * eta,
            falseNorthing + scale * rectifyingRadius * xi)
    }

    /// Easting/northing in metres to longitude/latitude in degrees.
    public func inverse(_ projected: Coordinate) -> Coordinate {
        let xi = (projected.y - falseNorthing) / (scale * rectifyingRadius)
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
        return Coordinate(centralMeridian + lambda * 180 / .pi, atan(tau) * 180 / .pi)
    }
}

extension GaussKruger {
    /// The projected bounds of a longitude/latitude box: its boundary, densified, projected.
    /// (Straight lines of one system curve slightly in the other, so corners alone fall short.)
    public func forwardBounds(of box: BoundingBox) -> BoundingBox {
        Self.bounds(ofBoundary: box, through: forward)
    }

    /// The longitude/latitude bounds of a projected box, as `forwardBounds` the other way.
    public func inverseBounds(of box: BoundingBox) -> BoundingBox {
        Self.bounds(ofBoundary: box, through: inverse)
    }

    private static func bounds(ofBoundary box: BoundingBox, through transform: (Coordinate) -> Coordinate) -> BoundingBox {
        var bounds = BoundingBox.empty
        let steps = 32
        for k in 0...steps {
            let t = Double(k) / Double(steps)
            let x = box.minX + (box.maxX - box.minX) * t, y = box.minY + (box.maxY - box.minY) * t
            for point in [Coordinate(x, box.minY), Coordinate(x, box.maxY), Coordinate(box.minX, y), Coordinate(box.maxX, y)] {
                bounds.expand(toInclude: transform(point))
            }
        }
        return bounds
    }
}
