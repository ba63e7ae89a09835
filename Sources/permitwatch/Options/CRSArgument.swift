import ArgumentParser
import GeoKit

extension CoordinateSystem: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    public static var defaultCompletionKind: CompletionKind {
        .list(["wgs84", "cgcs2000", "gcj02", "bd09", "epsg:4547"])
    }
}

/// Help for every `--crs` flag.
let crsHelp = ArgumentHelp(
    "The coordinate system of the file: wgs84, cgcs2000, gcj02, bd09 or epsg:N.",
    discussion: "GCJ-02 (Amap, Tencent, DataV) and BD-09 (Baidu) are converted to WGS-84 exactly (< 0.5 m). Declare it: a GCJ-02 file read as WGS-84 puts sources several hundred metres off.",
    valueName: "crs")

/// Help for the `--crs` of a file that may declare its own system.
let crsOverrideHelp = ArgumentHelp(
    "The coordinate system of the file, overriding its own (.prj, GeoPackage SRS, GeoJSON crs): wgs84, cgcs2000, gcj02, bd09 or epsg:N.",
    discussion: "Without it, the file's own system is used; a file that declares none is read as WGS-84 degrees, and coordinates that cannot be degrees (metres) are refused. GCJ-02 (Amap, Tencent, DataV) and BD-09 (Baidu) are converted to WGS-84 exactly (< 0.5 m).",
    valueName: "crs")
