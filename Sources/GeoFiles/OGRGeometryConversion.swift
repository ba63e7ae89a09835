import CGDAL
import GeoKit

/// Turns an OGR geometry into GeoKit's value: points, line strings, polygons, their multi forms
/// and collections; curves are approximated by line segments, Z and M are dropped.
enum OGRGeometryConversion {
    struct Unsupported: Error {
        var typeName: String
    }

    /// nil for an empty geometry.
    static func geometry(_ h: OGRGeometryH) throws(Unsupported) -> GeoJSONGeometry? {
        if OGR_G_IsEmpty(h) != 0 { return nil }
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(h))
        if OGR_GT_IsNonLinear(type) != 0 {
            // Circular arcs (FileGDB, GML, DXF): segments every 4 degrees of arc, GDAL's default.
            guard let linear = OGR_G_GetLinearGeometry(h, 0, nil) else { throw Unsupported(typeName: typeName(type)) }
            defer { OGR_G_DestroyGeometry(linear) }
            return try geometry(linear)
        }
        switch type {
        case wkbPoint:
            return .point(Coordinate(OGR_G_GetX(h, 0), OGR_G_GetY(h, 0)))
        case wkbLineString, wkbLinearRing:
            return .lineString(points(h))
        case wkbPolygon, wkbTriangle:
            return .polygon(polygon(h))
        case wkbMultiPoint:
            return .multiPoint(parts(h).compactMap { OGR_G_IsEmpty($0) != 0 ? nil : Coordinate(OGR_G_GetX($0, 0), OGR_G_GetY($0, 0)) })
        case wkbMultiLineString:
            return .multiLineString(parts(h).map(points).filter { !$0.isEmpty })
        case wkbMultiPolygon, wkbPolyhedralSurface, wkbTIN:
            return .multiPolygon(MultiPolygon(polygons: parts(h).map(polygon).filter { !$0.rings.isEmpty }))
        case wkbGeometryCollection:
            var members: [GeoJSONGeometry] = []
            for part in parts(h) {
                if let member = try geometry(part) { members.append(member) }
            }
            return .geometryCollection(members)
        default:
            throw Unsupported(typeName: typeName(type))
        }
    }

    static func typeName(_ type: OGRwkbGeometryType) -> String {
        String(cString: OGRGeometryTypeToName(type))
    }

    private static func parts(_ h: OGRGeometryH) -> [OGRGeometryH] {
        (0..<OGR_G_GetGeometryCount(h)).compactMap { OGR_G_GetGeometryRef(h, $0) }
    }

    private static func polygon(_ h: OGRGeometryH) -> Polygon {
        Polygon(rings: parts(h).map(points).filter { !$0.isEmpty })
    }

    /// A curve's points, read in one call straight into the coordinates' storage.
    private static func points(_ h: OGRGeometryH) -> [Coordinate] {
        let count = Int(OGR_G_GetPointCount(h))
        guard count > 0 else { return [] }
        let stride = Int32(MemoryLayout<Coordinate>.stride)
        let xOffset = MemoryLayout<Coordinate>.offset(of: \.x)!, yOffset = MemoryLayout<Coordinate>.offset(of: \.y)!
        return [Coordinate](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            initialized = Int(OGR_G_GetPoints(h, base + xOffset, stride, base + yOffset, stride, nil, 0))
        }
    }
}
