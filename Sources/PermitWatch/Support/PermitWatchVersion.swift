import GeoFiles
import GeoKit

/// The release of permitwatch and of the libraries that decide its answers, as `--version`
/// prints it: a bug report or a check that two machines agree starts from these.
public enum PermitWatchVersion {
    /// This release; the OpenAPI document and the landing page carry it too.
    public static let current = "1.5.0"

    /// `1.5.0 (GEOS …, GDAL …)` followed by `extra` (the store's libraries).
    public static func description(with extra: [String] = []) -> String {
        current + " (" + (extra + ["GEOS \(GEOSContext.libraryVersion)", "GDAL \(GDALLibrary.version)"]).joined(separator: ", ") + ")"
    }
}
