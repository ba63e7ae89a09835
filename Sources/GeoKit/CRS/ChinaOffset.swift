import Foundation

/// The GCJ-02 ("Mars") and BD-09 obfuscations used by Amap, Tencent, DataV and Baidu.
///
/// Both are published as forward transforms only (WGS-84 → GCJ-02 → BD-09). The inverse is found
/// by fixed-point iteration on the forward transform, which converges to well under a millimetre
/// in four or five steps; the commonly copied one-step "inverse" is off by up to two metres,
/// enough to move a source across a town border.
public enum ChinaOffset {
    private static let krasovskySemiMajor = 6_378_245.0
    private static let krasovskyEccentricitySquared = 0.006_693_421_622_965_943_23
    private static let baiduPi = Double.pi * 3000.0 / 180.0

    /// True outside the rectangle where Chinese map providers apply the offset (they return
    /// WGS-84 unchanged there).
    public static func isOutsideChina(_ c: Coordinate) -> Bool {
        c.x < 72.004 || c.x > 137.8347 || c.y < 0.8293 || c.y > 55.8271
    }

    /// WGS-84 → GCJ-02.
    public static func gcj02(fromWGS84 w: Coordinate) -> Coordinate {
        if isOutsideChina(w) { return w }
        let x = w.x - 105.0, y = w.y - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        dLon += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = w.y / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - krasovskyEccentricitySquared * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((krasovskySemiMajor * (1 - krasovskyEccentricitySquared)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (krasovskySemiMajor / sqrtMagic * cos(radLat) * .pi)
        return Coordinate(w.x + dLon, w.y + dLat)
    }

    /// GCJ-02 → BD-09.
    public static func bd09(fromGCJ02 g: Coordinate) -> Coordinate {
        let z = (g.x * g.x + g.y * g.y).squareRoot() + 0.00002 * sin(g.y * baiduPi)
        let theta = atan2(g.y, g.x) + 0.000003 * cos(g.x * baiduPi)
        return Coordinate(z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    /// WGS-84 → BD-09.
    public static func bd09(fromWGS84 w: Coordinate) -> Coordinate {
        bd09(fromGCJ02: gcj02(fromWGS84: w))
    }

    /// GCJ-02 → WGS-84 by iterating the forward transform until the residual is below 1e-10°.
    public static func wgs84(fromGCJ02 g: Coordinate) -> Coordinate {
        if isOutsideChina(g) { return g }
        return invert(g, forward: gcj02(fromWGS84:))
    }

    /// BD-09 → GCJ-02, the exact inverse of `bd09(fromGCJ02:)`.
    public static func gcj02(fromBD09 b: Coordinate) -> Coordinate {
        invert(b, forward: bd09(fromGCJ02:))
    }

    /// BD-09 → WGS-84.
    public static func wgs84(fromBD09 b: Coordinate) -> Coordinate {
        invert(b, forward: bd09(fromWGS84:))
    }

    @inline(__always)
    private static func invert(_ target: Coordinate, forward: (Coordinate) -> Coordinate) -> Coordinate {
        var guess = target
        for _ in 0..<30 {
            let image = forward(guess)
            let dx = image.x - target.x, dy = image.y - target.y
            guess.x -= dx
            guess.y -= dy
            if abs(dx) < 1e-10 && abs(dy) < 1e-10 { break }
        }
        return guess
    }
}
