import CGDAL

/// GDAL's process-wide set-up: its drivers are registered once, on first use.
public enum GDALLibrary {
    /// Registering is not thread-safe in GDAL; a `static let` runs it exactly once.
    private static let registration: Bool = {
        GDALAllRegister()
        return true
    }()

    static func register() { _ = registration }

    /// The linked GDAL's release, e.g. `3.6.2`: reports and tests name what read the file.
    public static var version: String {
        register()
        return String(cString: GDALVersionInfo("RELEASE_NAME"))
    }

    /// Whether the linked GDAL has the driver `name` (its short name, e.g. `XLSX`).
    public static func hasDriver(_ name: String) -> Bool {
        register()
        return GDALGetDriverByName(name) != nil
    }
}
