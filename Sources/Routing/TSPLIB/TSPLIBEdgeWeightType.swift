import Foundation

/// The TSPLIB edge-weight functions for coordinate instances, exactly as TSPLIB 95 defines them
/// (Reinelt, "TSPLIB 95", section 2), because published optima are only comparable when every
/// rounding is the same.
public enum TSPLIBEdgeWeightType: String, Sendable, CaseIterable {
    /// Euclidean distance rounded to the nearest integer: `nint(sqrt(dx² + dy²))`.
    case euclidean2D = "EUC_2D"
    /// Euclidean distance rounded up: `ceil(sqrt(dx² + dy²))`.
    case ceiling2D = "CEIL_2D"
    /// Pseudo-Euclidean (the att48/att532 instances): `r = sqrt((dx² + dy²) / 10)`, `t = nint(r)`,
    /// `t + 1` when `t < r`, else `t`.
    case pseudoEuclidean = "ATT"
    /// Great-circle distance in kilometres on TSPLIB's idealised sphere (RRR = 6378.388) with
    /// coordinates in DDD.MM (degrees and minutes) form and TSPLIB's PI = 3.141592.
    case geographical = "GEO"

    /// TSPLIB's `nint`: `(int)(x + 0.5)`, i.e. halves round up.
    @inline(__always)
    static func nint(_ x: Double) -> Int { Int((x + 0.5).rounded(.down)) }

    /// The weight between two nodes given in the file's own coordinates.
    public func weight(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Int {
        switch self {
        case .euclidean2D:
            let dx = a.x - b.x, dy = a.y - b.y
            return Self.nint((dx * dx + dy * dy).squareRoot())
        case .ceiling2D:
            let dx = a.x - b.x, dy = a.y - b.y
            return Int((dx * dx + dy * dy).squareRoot().rounded(.up))
        case .pseudoEuclidean:
            let dx = a.x - b.x, dy = a.y - b.y
            let r = ((dx * dx + dy * dy) / 10.0).squareRoot()
            let t = Self.nint(r)
            return Double(t) < r ? t + 1 : t
        case .geographical:
            return Self.geographicalWeight(Self.geographicalRadians(a), Self.geographicalRadians(b))
        }
    }

    /// TSPLIB's conversion of a DDD.MM coordinate pair (x = latitude, y = longitude) to radians.
    /// The degrees are the integer part (`(int) x`, truncation towards zero, as in TSPLIB's
    /// reference code and Concorde), the fraction is minutes / 100.
    public static func geographicalRadians(_ p: (x: Double, y: Double)) -> (latitude: Double, longitude: Double) {
        let pi = 3.141592
        func radians(_ value: Double) -> Double {
            let degrees = value.rounded(.towardZero)
            let minutes = value - degrees
            return pi * (degrees + 5.0 * minutes / 3.0) / 180.0
        }
        return (radians(p.x), radians(p.y))
    }

    /// TSPLIB's GEO distance between two points already converted by `geographicalRadians`.
    public static func geographicalWeight(
        _ i: (latitude: Double, longitude: Double), _ j: (latitude: Double, longitude: Double)
    ) -> Int {
        let rrr = 6378.388
        let q1 = cos(i.longitude - j.longitude)
        let q2 = cos(i.latitude - j.latitude)
        let q3 = cos(i.latitude + j.latitude)
        return Int(rrr * acos(0.5 * ((1.0 + q1) * q2 - (1.0 - q1) * q3)) + 1.0)
    }
}
