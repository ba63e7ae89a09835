/// A GeoJSON geometry (RFC 7946 §3.1), with polygons as GeoKit values.
///
/// Positions keep longitude/latitude (or x/y) only: elevations in source files (often 0 from
/// CAD exports) are dropped on reading because nothing in permitwatch measures height.
public indirect enum GeoJSONGeometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
    case geometryCollection([GeoJSONGeometry])

    /// The RFC 7946 `type` member, also used in error messages.
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// The area as a MultiPolygon, which is how every area is stored; nil for geometries
    /// without area (points, lines, collections), which an areas import must reject.
    public var multiPolygon: MultiPolygon? {
        switch self {
        case .polygon(let polygon): MultiPolygon(polygons: [polygon])
        case .multiPolygon(let multiPolygon): multiPolygon
        default: nil
        }
    }

    /// Applies `transform` to every position, e.g. GCJ-02 → WGS-84 for a declared Mars file.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> GeoJSONGeometry {
        switch self {
        case .point(let c): .point(try transform(c))
        case .multiPoint(let cs): .multiPoint(try cs.map(transform))
        case .lineString(let cs): .lineString(try cs.map(transform))
        case .multiLineString(let lines): .multiLineString(try lines.map { try $0.map(transform) })
        case .polygon(let p): .polygon(Polygon(rings: try p.rings.map { try $0.map(transform) }))
        case .multiPolygon(let mp): .multiPolygon(try mp.mapCoordinates(transform))
        case .geometryCollection(let gs): .geometryCollection(try gs.map { try $0.mapCoordinates(transform) })
        }
    }

    /// The box around every position; `.empty` for an empty geometry.
    public var boundingBox: BoundingBox {
        switch self {
        case .point(let c): BoundingBox(covering: [c])
        case .multiPoint(let cs), .lineString(let cs): BoundingBox(covering: cs)
        case .multiLineString(let lines): lines.reduce(.empty) { $0.union(BoundingBox(covering: $1)) }
        case .polygon(let p): p.boundingBox
        case .multiPolygon(let mp): mp.boundingBox
        case .geometryCollection(let gs): gs.reduce(.empty) { $0.union($1.boundingBox) }
        }
    }
}
