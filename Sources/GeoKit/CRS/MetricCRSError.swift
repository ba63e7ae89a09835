/// Why a `--metric-crs` text was refused, saying what GeoKit projects instead.
///
/// The metric system is projected in Swift for speed, so only the kinds written here are taken;
/// refusing the rest by name, at `init`, beats measuring every distance in a system half-read.
public enum MetricCRSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `epsg:N` nor a PROJ string (`+proj=…`).
    case unreadable(String)
    /// A valid EPSG code, but not one of the systems GeoKit projects.
    case unsupportedEPSG(Int)
    /// A PROJ projection other than `tmerc`, `utm` or `aea`.
    case unsupportedProjection(String)
    /// A parameter GeoKit does not apply (`+towgs84=…`, `+units=ft`, `+ellps=krass`), and why.
    case unsupportedParameter(String, reason: String)
    /// A parameter the projection needs (`+zone` of `utm`, `+lat_1` of `aea`).
    case missingParameter(String)
    /// A parameter whose value is not a number, or out of its range.
    case invalidValue(parameter: String, value: String)
    /// The same parameter given twice.
    case repeatedParameter(String)

    /// What `init(parsing:)` takes, for the messages.
    public static let supported =
        "epsg:4534 to epsg:4554 (CGCS2000 / 3-degree Gauss-Kruger CM 75E to 135E), epsg:32601 to epsg:32660 "
        + "and epsg:32701 to epsg:32760 (WGS 84 / UTM zones), or a PROJ string of +proj=tmerc, +proj=utm or "
        + "+proj=aea on +ellps=GRS80 or +ellps=WGS84 (+datum=WGS84), in metres"

    public var description: String {
        switch self {
        case .unreadable(let text):
            "cannot read \"\(text)\" as a metric coordinate system: expected \(Self.supported)"
        case .unsupportedEPSG(let code):
            "EPSG:\(code) is not a metric system projected in process: use \(Self.supported)"
        case .unsupportedProjection(let name):
            "+proj=\(name) is not projected in process: use \(Self.supported)"
        case .unsupportedParameter(let parameter, let reason):
            "\(parameter) is not supported: \(reason)"
        case .missingParameter(let parameter):
            "the PROJ string needs \(parameter)"
        case .invalidValue(let parameter, let value):
            "+\(parameter)=\(value) is not a valid value"
        case .repeatedParameter(let parameter):
            "+\(parameter) is given twice"
        }
    }
}
