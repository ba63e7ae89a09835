import Foundation

/// Great-circle distances on the WGS-84 mean sphere, for road lengths and snapping.
///
/// The road graph works in longitude/latitude so that it needs no projection library; at the
/// scale of a road segment the haversine error against the ellipsoid (≤ 0.5 %) is far below
/// the uncertainty of the road data, and the same function serves as the admissible A*
/// heuristic (a path is never shorter than the great circle between its ends).
public enum GeodesicDistance {
    public static let earthRadiusMetres = 6_371_008.8

    @inline(__always)
    public static func metres(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        let toRadians = Double.pi / 180
        let phi1 = lat1 * toRadians, phi2 = lat2 * toRadians
        let dPhi = phi2 - phi1, dLambda = (lon2 - lon1) * toRadians
        let s = sin(dPhi / 2), t = sin(dLambda / 2)
        let h = s * s + cos(phi1) * cos(phi2) * t * t
        return 2 * earthRadiusMetres * asin(min(1, h.squareRoot()))
    }
}
