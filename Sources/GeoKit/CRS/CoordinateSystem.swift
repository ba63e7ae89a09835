import Foundation

/// The coordinate system a file's coordinates are written in, as the importer declares it.
///
/// Declared, never guessed: a GCJ-02 file read as WGS-84 puts sources several hundred metres off,
/// in the wrong town near every border.
public enum CoordinateSystem: Hashable, Sendable, CustomStringConvertible {
    case wgs84
    /// CGCS2000 geographic (EPSG:4490), treated as WGS-84: the two differ by centimetres.
    case cgcs2000
    case gcj02
    case bd09
    /// EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) x/y in metres.
    case epsg4547
    /// Another EPSG code; only 4326, 4490 and 4547 are transformed in process.
    case epsg(Int)

    /// Parses the `--crs` spelling: `wgs84`, `cgcs2000`, `gcj02`, `bd09`, `epsg:N`.
    public init?(parsing text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch key {
        case "wgs84", "wgs-84", "crs84": self = .wgs84
        case "cgcs2000": self = .cgcs2000
        case "gcj02", "gcj-02", "gcj", "mars": self = .gcj02
        case "bd09", "bd-09", "baidu": self = .bd09
        default:
            let digits = key.hasPrefix("epsg:") ? key.dropFirst(5) : Substring(key)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let code = Int(digits), code > 0
            else { return nil }
            self.init(epsg: code)
        }
    }

    /// The system for an EPSG code, using the in-process transforms where there is one.
    public init(epsg code: Int) {
        switch code {
        case 4326: self = .wgs84
        case 4490: self = .cgcs2000
        case 4547: self = .epsg4547
        default: self = .epsg(code)
        }
    }

    public var description: String {
        switch self {
        case .wgs84: "wgs84"
        case .cgcs2000: "cgcs2000"
        case .gcj02: "gcj02"
        case .bd09: "bd09"
        case .epsg4547: "epsg:4547"
        case .epsg(let code): "epsg:\(code)"
        }
    }

    /// Whether coordinates in this system can be brought to WGS-84 without PROJ.
    public var isSupportedInProcess: Bool {
        if case .epsg = self { return false }
        return true
    }

    /// Converts one coordinate of this system to WGS-84 longitude/latitude.
    /// Callers check `isSupportedInProcess` first; other EPSG codes go through PROJ (GDAL).
    @inline(__always)
    public func toWGS84(_ c: Coordinate) -> Coordinate {
        switch self {
        case .wgs84, .cgcs2000: c
        case .gcj02: ChinaOffset.wgs84(fromGCJ02: c)
        case .bd09: ChinaOffset.wgs84(fromBD09: c)
        case .epsg4547: TransverseMercator.epsg4547.inverse(c)
        case .epsg: c
        }
    }
}
