import Foundation

/// The reference ellipsoid a projection is computed on.
///
/// Only the two that WGS-84 and CGCS2000 longitude/latitude are given on: the store's
/// coordinates are WGS-84 (CGCS2000 treated as the same), so a projection on any other
/// ellipsoid would need a datum shift first, which is PROJ's job, not GeoKit's.
public struct Ellipsoid: Hashable, Sendable {
    public let semiMajorAxis: Double
    public let inverseFlattening: Double
    /// The name PROJ knows it by, as written after `+ellps=`.
    public let projName: String

    /// GRS 1980, the ellipsoid of CGCS2000 (EPSG:4490) and of the 3-degree Gauss-Krüger zones.
    public static let grs80 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257222101, projName: "GRS80")
    /// WGS 84, the ellipsoid of the UTM zones EPSG:32601–32760. It differs from GRS80 by 0.1 mm
    /// in the semi-minor axis; kept apart so that a registered system's parameters are its own.
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, inverseFlattening: 298.257223563, projName: "WGS84")

    /// The ellipsoids a PROJ string may name, by their `+ellps=` name.
    public static let known: [Ellipsoid] = [.grs80, .wgs84]

    public var flattening: Double { 1 / inverseFlattening }
    public var eccentricitySquared: Double { flattening * (2 - flattening) }
    public var eccentricity: Double { eccentricitySquared.squareRoot() }

    /// The radii of curvature along the meridian and along the prime vertical at a latitude in
    /// degrees: the metres per radian of latitude, and (times the latitude's cosine) of longitude.
    public func radiiOfCurvature(atLatitude latitude: Double) -> (meridian: Double, primeVertical: Double) {
        let sinPhi = sin(latitude * .pi / 180)
        let w2 = 1 - eccentricitySquared * sinPhi * sinPhi
        let primeVertical = semiMajorAxis / w2.squareRoot()
        return (primeVertical * (1 - eccentricitySquared) / w2, primeVertical)
    }
}
