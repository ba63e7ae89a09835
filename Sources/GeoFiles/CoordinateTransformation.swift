import CGDAL
import GeoKit

/// Converts coordinates from one system to WGS-84 longitude/latitude through OGR (PROJ).
///
/// For coordinates that do not come from a GDAL layer: a CSV's columns or a GeoJSON read by
/// GeoKit, declared with `--crs epsg:N`. Longitude (easting) comes first on both sides, whatever
/// the systems' official axis order. Not shared between threads: make one per thread.
public final class CoordinateTransformation {
    /// The system converted from.
    public let source: SpatialReference
    let handle: OGRCoordinateTransformationH

    /// - Throws: when PROJ has no way from `source` to WGS-84.
    public convenience init(from source: SpatialReference) throws(GeoFileError) {
        GDALLibrary.register()
        try self.init(source: source, layerReference: try source.makeHandle())
    }

    /// Wraps a transformation made from a layer's own reference.
    init(source: SpatialReference, layerReference: SpatialReferenceHandle) throws(GeoFileError) {
        let target = try Self.wgs84Handle()
        let diagnostics = GDALDiagnostics()
        guard let handle = diagnostics.collecting({ OCTNewCoordinateTransformation(layerReference.handle, target.handle) }) else {
            let detail = diagnostics.failureText.map { ": \($0)" } ?? ""
            throw GeoFileError(file: source.description, reason: "no transformation to WGS-84 longitude/latitude\(detail)")
        }
        self.source = source
        self.handle = handle
    }

    deinit { OCTDestroyCoordinateTransformation(handle) }

    /// EPSG:4326 with longitude first.
    static func wgs84Handle() throws(GeoFileError) -> SpatialReferenceHandle {
        let handle = SpatialReferenceHandle()
        guard OSRImportFromEPSG(handle.handle, 4326) == OGRERR_NONE else {
            throw GeoFileError(file: "EPSG:4326", reason: "GDAL cannot find WGS-84 in its PROJ database (is proj-data installed?)")
        }
        OSRSetAxisMappingStrategy(handle.handle, OAMS_TRADITIONAL_GIS_ORDER)
        return handle
    }

    /// The coordinates in WGS-84, in order; `nil` in place of each one PROJ cannot convert
    /// (outside the system's area of use, say), so the caller can name the row.
    public func transform(_ coordinates: [Coordinate]) -> [Coordinate?] {
        guard !coordinates.isEmpty else { return [] }
        var xs = coordinates.map(\.x), ys = coordinates.map(\.y)
        var success = [Int32](repeating: 0, count: coordinates.count)
        let diagnostics = GDALDiagnostics()
        diagnostics.collecting {
            _ = OCTTransformEx(handle, Int32(coordinates.count), &xs, &ys, nil, &success)
        }
        return coordinates.indices.map { i in
            success[i] != 0 && xs[i].isFinite && ys[i].isFinite ? Coordinate(xs[i], ys[i]) : nil
        }
    }
}
