/// Several polygons: an area with islands, or with exclaves.
///
/// Every area (prefecture, county, town, grid) is stored as a MultiPolygon, so a file that mixes
/// Polygon and MultiPolygon features needs no special case downstream.
public struct MultiPolygon: Hashable, Sendable {
    public var polygons: [Polygon]

    public init(polygons: [Polygon]) {
        self.polygons = polygons
    }

    public var boundingBox: BoundingBox {
        polygons.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
    }

    public var area: Double { polygons.reduce(0) { $0 + $1.area } }

    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }

    /// Applies `transform` to every coordinate, keeping the structure.
    public func mapCoordinates(_ transform: (Coordinate) throws -> Coordinate) rethrows -> MultiPolygon {
        MultiPolygon(polygons: try polygons.map { polygon in
            Polygon(rings: try polygon.rings.map { try $0.map(transform) })
        })
    }
}
