import CGDAL

/// A coordinate reference system as a file declares it (a Shapefile's `.prj`, a GeoPackage's
/// SRS, a legacy GeoJSON `crs` member) or as the user names it (`EPSG:3857`, WKT, a PROJ string).
///
/// A value, so it can be logged, compared and handed between threads; GDAL's handle is made
/// again from `wkt` when a transformation needs one.
public struct SpatialReference: Hashable, Sendable, CustomStringConvertible {
    /// The EPSG code when GDAL can identify one (also for an ESRI `.prj` without authority).
    public var epsg: Int?
    /// The system's own name, e.g. `CGCS2000 / 3-degree Gauss-Kruger CM 114E`.
    public var name: String
    /// WKT2 (2019), one line: the definition itself when there is no EPSG code.
    public var wkt: String
    /// The PROJ string, when PROJ can express the system as one.
    public var proj: String?
    /// Longitude/latitude in degrees, rather than projected metres or feet.
    public var isGeographic: Bool
    /// Geographic WGS-84 or CGCS2000 (EPSG:4326, 4490 and their 3-D forms, OGC CRS84): its
    /// longitude/latitude are stored as they are, CGCS2000 being within centimetres of WGS-84.
    public var isWGS84Equivalent: Bool

    /// `EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)`, or the name alone.
    public var description: String {
        epsg.map { "EPSG:\($0) (\(name))" } ?? name
    }

    /// A system the user names: `EPSG:3857`, `epsg:4547`, an OGC URN, WKT or a PROJ string.
    public init(userInput text: String) throws(GeoFileError) {
        GDALLibrary.register()
        let handle = SpatialReferenceHandle()
        let diagnostics = GDALDiagnostics()
        let status = diagnostics.collecting { OSRSetFromUserInput(handle.handle, text) }
        guard status == OGRERR_NONE else {
            let detail = diagnostics.failureText.map { ": \($0)" } ?? ""
            throw GeoFileError(file: text, reason: "not a coordinate system GDAL/PROJ knows\(detail); expected EPSG:N, WKT or a PROJ string")
        }
        self.init(handle)
    }

    /// Describes GDAL's handle (which is only read).
    init(_ handle: SpatialReferenceHandle) {
        let h = handle.handle
        name = OSRGetName(h).map { String(cString: $0) } ?? "unnamed coordinate system"
        epsg = Self.identifyEPSG(handle)
        wkt = Self.export(h, ["FORMAT=WKT2_2019", "MULTILINE=NO"]) ?? ""
        var projText: UnsafeMutablePointer<CChar>?
        if OSRExportToProj4(h, &projText) == OGRERR_NONE, let projText {
            proj = String(cString: projText)
        }
        VSIFree(projText)
        isGeographic = OSRIsGeographic(h) != 0
        isWGS84Equivalent = isGeographic && Self.isWGS84Equivalent(h, epsg: epsg)
    }

    /// GDAL's handle for this system, with longitude (easting) first.
    func makeHandle() throws(GeoFileError) -> SpatialReferenceHandle {
        let handle = SpatialReferenceHandle()
        let status: OGRErr
        if let epsg {
            status = OSRImportFromEPSG(handle.handle, Int32(epsg))
        } else {
            status = OSRSetFromUserInput(handle.handle, wkt)
        }
        guard status == OGRERR_NONE else {
            throw GeoFileError(file: description, reason: "GDAL cannot rebuild this coordinate system")
        }
        OSRSetAxisMappingStrategy(handle.handle, OAMS_TRADITIONAL_GIS_ORDER)
        return handle
    }

    private static let wgs84EquivalentCodes: Set<Int> = [4326, 4979, 4490, 4480]

    private static func isWGS84Equivalent(_ h: OGRSpatialReferenceH, epsg: Int?) -> Bool {
        if let epsg { return wgs84EquivalentCodes.contains(epsg) }
        if let authority = OSRGetAuthorityName(h, nil).map({ String(cString: $0) }), authority.uppercased() == "OGC",
            let code = OSRGetAuthorityCode(h, nil).map({ String(cString: $0) }), code.uppercased().hasPrefix("CRS84")
        {
            return true
        }
        for code in [4326, 4490] {
            let reference = SpatialReferenceHandle()
            if OSRImportFromEPSG(reference.handle, Int32(code)) == OGRERR_NONE, OSRIsSameGeogCS(h, reference.handle) != 0 {
                return true
            }
        }
        return false
    }

    /// The EPSG code: the system's own authority, else GDAL's identification (an ESRI `.prj`
    /// carries none), else PROJ's best match when it is at least 90 % sure.
    private static func identifyEPSG(_ handle: SpatialReferenceHandle) -> Int? {
        let h = handle.handle
        func code(_ h: OGRSpatialReferenceH) -> Int? {
            guard let authority = OSRGetAuthorityName(h, nil), String(cString: authority).uppercased() == "EPSG",
                let code = OSRGetAuthorityCode(h, nil)
            else { return nil }
            return Int(String(cString: code))
        }
        if let found = code(h) { return found }
        if let clone = OSRClone(h) {
            defer { OSRRelease(clone) }
            if OSRAutoIdentifyEPSG(clone) == OGRERR_NONE, let found = code(clone) { return found }
        }
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>?
        guard let matches = OSRFindMatches(h, nil, &count, &confidences) else { return nil }
        defer {
            OSRFreeSRSArray(matches)
            VSIFree(confidences)
        }
        guard count > 0, let confidences, confidences[0] >= 90, let best = matches[0] else { return nil }
        return code(best)
    }

    static func export(_ h: OGRSpatialReferenceH, _ options: [String]) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        let status = StringList(options).withPointer { OSRExportToWktEx(h, &text, $0) }
        defer { VSIFree(text) }
        guard status == OGRERR_NONE, let text else { return nil }
        return String(cString: text)
    }
}

/// Owns one GDAL spatial reference, released when the value goes.
final class SpatialReferenceHandle {
    let handle: OGRSpatialReferenceH

    init() {
        handle = OSRNewSpatialReference(nil)
    }

    /// Takes a clone of `other` (a layer's reference belongs to its layer).
    init?(cloning other: OGRSpatialReferenceH?) {
        guard let other, let clone = OSRClone(other) else { return nil }
        handle = clone
        OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER)
    }

    deinit { OSRRelease(handle) }
}
