import Foundation
import GeoFiles
import GeoKit

/// The features of a file for `ingest areas` and `ingest roads`, whatever its format.
///
/// GeoJSON (`.geojson`, `.json`) goes through GeoKit's own reader, the fast path, unless a
/// legacy `crs` member declares a system other than WGS-84: such a file, and every other format
/// (Shapefile, GeoPackage, File Geodatabase, KML/KMZ, …), is read through GDAL. Either way the
/// features come as GeoJSON features (properties by name, GeoKit geometries) with the
/// conversion that brings their coordinates to WGS-84, so the checks after are the same.
struct FeatureInput {
    var features: [GeoJSONFeature]
    var conversion: CoordinateConversion
    /// The layer read through GDAL, for the problems' locations; nil on the fast path.
    var layer: String?
    /// Whether the layer declares no geometry at all (a table, a workbook).
    var hasNoGeometry: Bool
    /// What read the file: `GeoJSON` or GDAL's driver (`ESRI Shapefile`, `GPKG`…).
    var reader: String
    /// GDAL's warnings.
    var warnings: [String]

    struct Options {
        var crs: CoordinateSystem?
        var layer: String?
        var encoding: String?
        /// Which geometries the fast path accepts (the GDAL path leaves the check to the caller).
        var requirement: GeoJSONReader.GeometryRequirement = .any
    }

    /// Extensions read by GeoKit's GeoJSON reader.
    static let fastPathExtensions: Set<String> = ["geojson", "json"]

    static func read(_ path: String, options: Options, progress: ProgressReporter = .silent) throws -> FeatureInput {
        let isGeoJSON = fastPathExtensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        guard isGeoJSON else { return try readThroughGDAL(path, options: options, progress: progress) }
        if let encoding = options.encoding {
            throw ParameterError(
                "encoding", encoding,
                "a GeoJSON file's text is UTF-8 (a GBK one is detected); --encoding is for files that do not say, such as a Shapefile's .dbf")
        }
        let (bytes, _) = try TextDecoding.utf8Bytes(of: try FileInput.read(path), file: path)
        let document: JSONValue
        progress.report("reading \(path)")
        do throws(JSONParseError) {
            document = try JSONParser().parse(bytes)
        } catch {
            throw RejectedInput(problem: InputError(file: path, line: nil, field: nil, message: GeoJSONError(syntaxError: error).message))
        }
        if let name = GeoJSONReader.declaredCRSName(in: document), !(try declaresWGS84(name)) {
            // The legacy member names another system (EPSG:3857, EPSG:4547…): GDAL reads it.
            return try readThroughGDAL(path, options: options, progress: progress)
        }
        let features: [GeoJSONFeature]
        do throws(GeoJSONError) {
            features = try GeoJSONReader(requiring: options.requirement).features(in: document)
        } catch {
            throw RejectedInput(problem: InputError(file: path, line: nil, feature: error.featureIndex, field: nil, message: error.message))
        }
        return FeatureInput(
            features: features, conversion: try CoordinateConversion.declared(options.crs, file: path), layer: nil, hasNoGeometry: false,
            reader: "GeoJSON", warnings: [])
    }

    /// Whether a legacy `crs` name means WGS-84 longitude/latitude (CRS84, EPSG:4326, CGCS2000).
    private static func declaresWGS84(_ name: String) throws -> Bool {
        (try? SpatialReference(userInput: name))?.isWGS84Equivalent ?? false
    }

    private static func readThroughGDAL(_ path: String, options: Options, progress: ProgressReporter) throws -> FeatureInput {
        let request = try CoordinateConversion.request(declaring: options.crs, file: path)
        let layer: VectorLayer
        progress.report("reading \(path) through GDAL")
        do throws(GeoFileError) {
            let file = try VectorFile(path: path, options: .init(encoding: options.encoding))
            layer = try file.read(layer: options.layer, coordinates: request)
        } catch {
            throw error.rejected
        }
        let features = layer.features.map { feature in
            var properties: [(String, JSONValue)] = []
            properties.reserveCapacity(layer.fields.count)
            for (field, value) in zip(layer.fields, feature.values) { properties.append((field.name, value.json)) }
            return GeoJSONFeature(index: Int(feature.id), properties: JSONObject(properties), geometry: feature.geometry)
        }
        return FeatureInput(
            features: features, conversion: CoordinateConversion.after(reading: layer, declared: options.crs), layer: layer.name,
            hasNoGeometry: layer.geometryType == "None" || layer.features.allSatisfy { $0.geometry == nil }, reader: layer.driver,
            warnings: layer.warnings)
    }

    /// A problem of feature `index` (its position in a GeoJSON file, its FID in a layer).
    func problem(_ file: String, feature index: Int?, field: String?, _ message: String) -> InputError {
        InputError(file: file, line: nil, feature: index, field: field, message: message, layer: layer)
    }
}

extension FieldValue {
    /// The value as a GeoJSON property.
    var json: JSONValue {
        switch self {
        case .null: .null
        case .integer(let n): .number(Double(n))
        case .real(let x): .number(x)
        case .text(let s): .string(s)
        }
    }
}
