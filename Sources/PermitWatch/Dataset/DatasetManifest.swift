import Enforcement
import Foundation
import GeoKit

/// `dataset.json`: which file of a dataset directory holds what, and in which coordinate system.
///
/// Optional: a directory without it is read with the default file names and WGS-84.
public struct DatasetManifest: Sendable, Equatable {
    public var name: String
    public var crs: CoordinateSystem
    public var asOf: String?
    public var areaFiles: [AreaLevel: String]
    public var sources: String?
    public var events: String?
    public var depots: String?

    public static let defaultFiles = DatasetManifest(
        name: "dataset", crs: .wgs84, asOf: nil,
        areaFiles: [.prefecture: "prefectures.geojson", .county: "counties.geojson", .town: "towns.geojson", .grid: "grids.geojson"],
        sources: "sources.csv", events: "events.csv", depots: "depots.csv")

    /// Reads `DIR/dataset.json`, or the defaults when there is none.
    public static func load(directory: URL) throws -> DatasetManifest {
        let url = directory.appendingPathComponent("dataset.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return defaultFiles }
        let json: JSONValue
        do {
            json = try JSONParser().parse(data)
        } catch {
            throw RejectedInput(problems: [InputError(file: url.path, line: nil, field: nil, message: "not valid JSON: \(error)")])
        }
        var manifest = defaultFiles
        manifest.name = json["name"]?.stringValue ?? manifest.name
        if let crsText = json["crs"]?.stringValue {
            guard let crs = CoordinateSystem(parsing: crsText) else {
                throw RejectedInput(problems: [InputError(file: url.path, line: nil, field: "crs", message: "'\(crsText)' is not a coordinate system; expected wgs84, cgcs2000, gcj02, bd09 or epsg:N")])
            }
            manifest.crs = crs
        }
        manifest.asOf = json["as_of"]?.stringValue
        if let files = json["files"]?.objectValue {
            for level in AreaLevel.allCases { manifest.areaFiles[level] = files[level.rawValue]?.stringValue }
            manifest.sources = files["sources"]?.stringValue
            manifest.events = files["events"]?.stringValue
            manifest.depots = files["depots"]?.stringValue
        }
        return manifest
    }
}
