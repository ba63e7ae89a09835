import CGDAL
import Foundation
import GeoKit

/// A vector file (or a workbook) opened through GDAL/OGR: any format GDAL reads, such as
/// Shapefile, GeoPackage, File Geodatabase, KML/KMZ, GeoJSON, XLSX/XLS/ODS.
///
/// Layers are read whole into values (`VectorLayer`, `SheetTable`); no GDAL handle leaves this
/// type, and the dataset is closed when it goes. GDAL is not thread-safe per dataset: use one
/// `VectorFile` on one thread at a time (it is not `Sendable`).
public final class VectorFile {
    /// How the file is opened: what the caller knows that the file may not say.
    public struct OpenOptions: Sendable, Hashable {
        /// The text encoding of a format that may not say, a `.dbf` without `.cpg` (`GBK`,
        /// `CP936`, `UTF-8`): given to the driver as its `ENCODING` open option. nil: the file's
        /// own declaration (`.cpg`, the `.dbf`'s language driver), else detected (UTF-8 when every
        /// string is valid UTF-8, else GB18030).
        public var encoding: String?
        /// Read a workbook's sheets as rows of text (for `table`) rather than letting GDAL decide
        /// which row is the header and what type each column has: bureau workbooks put titles
        /// above the header, and a column GDAL types as numbers loses the text of its odd cells.
        public var spreadsheetRows: Bool

        /// The defaults: the file's own encoding, GDAL's own reading of workbooks.
        public init(encoding: String? = nil, spreadsheetRows: Bool = false) {
            self.encoding = encoding
            self.spreadsheetRows = spreadsheetRows
        }
    }

    /// The file (or `.gdb` folder) as the caller named it, for every message.
    public let path: String
    /// GDAL's short name for the driver that opened the file (`ESRI Shapefile`, `GPKG`, `XLSX`…).
    public let driver: String
    /// The file's layers (a workbook's sheets), in file order.
    public let layerNames: [String]
    /// The options it was opened with.
    public let options: OpenOptions
    private let dataset: GDALDatasetH
    /// Whether the driver took `options.encoding` as its open option (else strings are recoded here).
    private let driverRecodes: Bool

    static let spreadsheetDrivers: Set<String> = ["XLSX", "XLS", "ODS"]

    /// Whether the file is a workbook: tables of cells without geometry.
    public var isSpreadsheet: Bool { Self.spreadsheetDrivers.contains(driver) }

    /// Opens the file read-only with the driver GDAL identifies.
    ///
    /// - Throws: `GeoFileError` when the file is missing or no vector driver reads it, with
    ///   GDAL's own reason and the formats expected.
    public init(path: String, options: OpenOptions = OpenOptions()) throws(GeoFileError) {
        GDALLibrary.register()
        if !path.hasPrefix("/vsi") && !FileManager.default.fileExists(atPath: path) {
            throw GeoFileError(file: path, reason: "no such file")
        }
        let diagnostics = GDALDiagnostics()
        let settings = SpreadsheetSettings(enabled: options.spreadsheetRows)
        let identified = diagnostics.collecting { GDALIdentifyDriverEx(path, UInt32(GDAL_OF_VECTOR), nil, nil) }
        var openOptions: [String] = []
        var driverRecodes = false
        if let encoding = options.encoding, let identified, Self.driver(identified, hasOpenOption: "ENCODING") {
            openOptions.append("ENCODING=\(encoding)")
            driverRecodes = true
        }
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        let opened = settings.applying {
            diagnostics.collecting { StringList(openOptions).withPointer { GDALOpenEx(path, flags, nil, $0, nil) } }
        }
        guard let opened else {
            let detail = diagnostics.failureText ?? "not recognised"
            throw GeoFileError(
                file: path,
                reason: "GDAL cannot open it (\(detail)); expected a vector file or workbook: Shapefile, GeoPackage, File Geodatabase, KML/KMZ, GeoJSON, XLSX, XLS or ODS")
        }
        dataset = opened
        self.path = path
        self.options = options
        self.driverRecodes = driverRecodes
        driver = GDALGetDatasetDriver(opened).map { String(cString: GDALGetDriverShortName($0)) } ?? "unknown"
        layerNames = (0..<GDALDatasetGetLayerCount(opened)).compactMap { i in
            GDALDatasetGetLayer(opened, i).map { String(cString: OGR_L_GetName($0)) }
        }
    }

    deinit {
        let dataset = dataset
        GDALDiagnostics().collecting { GDALClose(dataset) }
    }

    private static func driver(_ driver: GDALDriverH, hasOpenOption name: String) -> Bool {
        guard let list = GDALGetMetadataItem(driver, GDAL_DMD_OPENOPTIONLIST, nil) else { return false }
        return String(cString: list).contains("name='\(name)'")
    }

    // MARK: Layers

    /// Reads layer `name` (nil: the only layer, or the only one with features) whole.
    ///
    /// - Parameter coordinates: which coordinates the geometries are given in.
    public func read(layer name: String?, coordinates: CoordinateRequest = .fromLayerCRS) throws(GeoFileError) -> VectorLayer {
        let diagnostics = GDALDiagnostics()
        let settings = SpreadsheetSettings(enabled: options.spreadsheetRows)
        return try settings.applying { () throws(GeoFileError) -> VectorLayer in
            try diagnostics.collecting { () throws(GeoFileError) -> VectorLayer in
                let (layer, layerName) = try chooseLayer(name, diagnostics: diagnostics)
                let reference = SpatialReferenceHandle(cloning: OGR_L_GetSpatialRef(layer))
                let crs = reference.map(SpatialReference.init)
                let transformation = try transformation(coordinates, layerCRS: crs, reference: reference, layer: layerName)
                let fields = Self.fields(of: layer)
                var decoder = try textDecoder(layer, layerName: layerName)
                var features: [VectorFeature] = []
                while true {
                    do throws(ReadFailure) {
                        features = try readFeatures(layer, layerName: layerName, fieldCount: fields.count, transformation: transformation, decoder: decoder, diagnostics: diagnostics)
                        break
                    } catch {
                        switch error {
                        case .restartAs(let detected): decoder = detected
                        case .failed(let failure): throw failure
                        }
                    }
                }
                return VectorLayer(
                    file: path, name: layerName, driver: driver, fields: fields,
                    geometryType: String(cString: OGRGeometryTypeToName(OGR_L_GetGeomType(layer))),
                    crs: crs, transformedFrom: transformation?.source, textEncoding: decoder.description,
                    features: features, warnings: diagnostics.warnings)
            }
        }
    }

    private enum ReadFailure: Error {
        case failed(GeoFileError)
        /// The strings were not UTF-8: read again with this decoder.
        case restartAs(TextDecoder)
    }

    private func readFeatures(
        _ layer: OGRLayerH, layerName: String, fieldCount: Int, transformation: CoordinateTransformation?, decoder: TextDecoder,
        diagnostics: GDALDiagnostics
    ) throws(ReadFailure) -> [VectorFeature] {
        var features: [VectorFeature] = []
        let expected = OGR_L_GetFeatureCount(layer, 0)
        if expected > 0 { features.reserveCapacity(Int(expected)) }
        let types = (0..<Int32(fieldCount)).map { OGR_Fld_GetType(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer), $0)) }
        OGR_L_ResetReading(layer)
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            let id = OGR_F_GetFID(feature)
            func failure(_ reason: String) -> ReadFailure {
                .failed(GeoFileError(file: path, layer: layerName, feature: id, reason: reason))
            }
            var values: [FieldValue] = []
            values.reserveCapacity(fieldCount)
            for i in 0..<fieldCount {
                guard let value = decoder.value(feature, Int32(i), type: types[i]) else {
                    throw .restartAs(decoder.fallback)
                }
                values.append(value)
            }
            var geometry: GeoJSONGeometry?
            if let handle = OGR_F_GetGeometryRef(feature), OGR_G_IsEmpty(handle) == 0 {
                if let transformation {
                    guard OGR_G_Transform(handle, transformation.handle) == OGRERR_NONE else {
                        let detail = diagnostics.failureText.map { " (\($0))" } ?? ""
                        diagnostics.clearFailures()
                        throw failure("its coordinates cannot be converted from \(transformation.source) to WGS-84\(detail); expected coordinates in the file's coordinate system")
                    }
                }
                do {
                    geometry = try OGRGeometryConversion.geometry(handle)
                } catch {
                    throw failure("\(error.typeName) geometries are not supported; expected points, lines or polygons")
                }
            }
            features.append(VectorFeature(id: id, values: values, geometry: geometry))
        }
        if let failure = diagnostics.failureText {
            throw .failed(GeoFileError(file: path, layer: layerName, reason: "GDAL stopped reading after \(features.count) features: \(failure)"))
        }
        return features
    }

    private func transformation(
        _ request: CoordinateRequest, layerCRS: SpatialReference?, reference: SpatialReferenceHandle?, layer: String
    ) throws(GeoFileError) -> CoordinateTransformation? {
        do {
            switch request {
            case .asStored:
                return nil
            case .from(let declared):
                return declared.isWGS84Equivalent ? nil : try CoordinateTransformation(from: declared)
            case .fromLayerCRS:
                guard let layerCRS, let reference, !layerCRS.isWGS84Equivalent else { return nil }
                return try CoordinateTransformation(source: layerCRS, layerReference: reference)
            }
        } catch {
            throw GeoFileError(file: path, layer: layer, reason: "\(error.file): \(error.reason)")
        }
    }

    private static func fields(of layer: OGRLayerH) -> [VectorLayer.Field] {
        let definition = OGR_L_GetLayerDefn(layer)
        return (0..<OGR_FD_GetFieldCount(definition)).map { i in
            let field = OGR_FD_GetFieldDefn(definition, i)
            return VectorLayer.Field(
                name: String(cString: OGR_Fld_GetNameRef(field)), type: String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(field))))
        }
    }

    /// How the layer's strings become Swift strings: as UTF-8 when GDAL says they are (most
    /// formats; a Shapefile whose `.cpg` or language driver names its encoding), recoded from
    /// the encoding the caller named, or detected.
    private func textDecoder(_ layer: OGRLayerH, layerName: String) throws(GeoFileError) -> TextDecoder {
        let utf8 = OGR_L_TestCapability(layer, OLCStringsAsUTF8) != 0
        if let encoding = options.encoding {
            if driverRecodes { return TextDecoder(mode: .utf8, description: "\(encoding) (as asked)") }
            if utf8 {
                throw GeoFileError(
                    file: path, layer: layerName,
                    reason: "its text is UTF-8 as the \(driver) format defines it; an encoding (\(encoding)) applies only to formats that do not say, such as a Shapefile's .dbf")
            }
            return TextDecoder(mode: .recode(encoding), description: "\(encoding) (as asked)")
        }
        if utf8 {
            let declared = GDALGetMetadataItem(layer, "SOURCE_ENCODING", "SHAPEFILE").map { String(cString: $0) } ?? ""
            return TextDecoder(mode: .utf8, description: declared.isEmpty ? "UTF-8" : "\(declared) (declared by the file)")
        }
        return TextDecoder(mode: .detect, description: "UTF-8 (detected)")
    }

    // MARK: Tables

    /// Reads sheet (or layer) `name` as a table of text cells, with its header row found: the
    /// first of the first 50 non-empty rows that `isHeader` accepts, else the first non-empty
    /// row. A layer that is not a sheet (or a workbook not opened with `spreadsheetRows`) has its
    /// field names as the header and one row per feature.
    public func table(_ name: String?, isHeader: ([String]) -> Bool) throws(GeoFileError) -> SheetTable {
        let layer = try read(layer: name, coordinates: .asStored)
        let cells = layer.features.map { feature in feature.values.map(\.text) }
        guard isSpreadsheet && options.spreadsheetRows else {
            return SheetTable(
                file: path, name: layer.name, isSheet: isSpreadsheet, headerRow: 0, columns: layer.fields.map(\.name),
                rows: zip(layer.features, cells).map { SheetTable.Row(number: Int($0.id), cells: $1) }, warnings: layer.warnings)
        }
        let nonEmpty = zip(layer.features, cells).filter { $0.1.contains { $0 != nil } }
        guard !nonEmpty.isEmpty else {
            return SheetTable(file: path, name: layer.name, isSheet: true, headerRow: 0, columns: [], rows: [], warnings: layer.warnings)
        }
        let candidates = nonEmpty.prefix(50)
        let header = candidates.firstIndex { isHeader($0.1.map { $0 ?? "" }) } ?? candidates.startIndex
        let width = nonEmpty[header...].map { row in (row.1.lastIndex { $0 != nil } ?? -1) + 1 }.max() ?? 0
        let columns = (0..<width).map { i -> String in
            let name = i < nonEmpty[header].1.count ? nonEmpty[header].1[i] : nil
            return name ?? "column \(Self.columnLetters(i))"
        }
        let rows = nonEmpty[(header + 1)...].map { row in
            SheetTable.Row(number: Int(row.0.id), cells: Array(row.1.prefix(width)) + Array(repeating: nil, count: max(0, width - row.1.count)))
        }
        return SheetTable(
            file: path, name: layer.name, isSheet: true, headerRow: Int(nonEmpty[header].0.id), columns: columns, rows: rows,
            warnings: layer.warnings)
    }

    /// `A`, `B`, … `Z`, `AA`: a column as spreadsheet programs name it.
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1, letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    // MARK: Choosing a layer

    private func chooseLayer(_ name: String?, diagnostics: GDALDiagnostics) throws(GeoFileError) -> (OGRLayerH, String) {
        let noun = isSpreadsheet ? "sheet" : "layer"
        let listed = layerNames.joined(separator: ", ")
        if let name {
            let match = layerNames.firstIndex(of: name) ?? layerNames.firstIndex { $0.lowercased() == name.lowercased() }
            guard let match, let layer = GDALDatasetGetLayer(dataset, Int32(match)) else {
                throw GeoFileError(file: path, reason: "no \(noun) named '\(name)'; the file has \(layerNames.isEmpty ? "none" : listed)")
            }
            return (layer, layerNames[match])
        }
        let layers = layerNames.indices.compactMap { i in GDALDatasetGetLayer(dataset, Int32(i)).map { (i, $0) } }
        switch layers.count {
        case 0:
            throw GeoFileError(file: path, reason: "the file has no \(noun)s; expected at least one with features")
        case 1:
            return (layers[0].1, layerNames[layers[0].0])
        default:
            // A workbook saved with the program's empty Sheet2 and Sheet3 has one sheet to read.
            let withFeatures = layers.filter { OGR_L_GetFeatureCount($0.1, 1) > 0 }
            diagnostics.clearFailures()
            if withFeatures.count == 1 { return (withFeatures[0].1, layerNames[withFeatures[0].0]) }
            throw GeoFileError(file: path, reason: "the file has \(layers.count) \(noun)s (\(listed)); expected the \(noun) to read to be named")
        }
    }
}

/// Thread-local GDAL settings that make a workbook's sheets plain rows of text: no header
/// guessed, every cell as its text. Set around every call that may parse a sheet (GDAL parses
/// a sheet when it is first read), and restored after.
private struct SpreadsheetSettings {
    let enabled: Bool
    static let values = [
        ("OGR_XLSX_HEADERS", "DISABLE"), ("OGR_ODS_HEADERS", "DISABLE"), ("OGR_XLS_HEADERS", "DISABLE"),
        ("OGR_XLSX_FIELD_TYPES", "STRING"), ("OGR_ODS_FIELD_TYPES", "STRING"), ("OGR_XLS_FIELD_TYPES", "STRING"),
    ]

    func applying<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard enabled else { return try body() }
        let previous = Self.values.map { key, _ in (key, CPLGetThreadLocalConfigOption(key, nil).map { String(cString: $0) }) }
        for (key, value) in Self.values { CPLSetThreadLocalConfigOption(key, value) }
        defer { for (key, value) in previous { CPLSetThreadLocalConfigOption(key, value) } }
        return try body()
    }
}
