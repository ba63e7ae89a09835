import Testing

import GeoKit

@Suite("Polygon helpers")
struct PolygonTests {
    /// 10 × 10 square, counter-clockwise, closed.
    static let squareCCW = [Coordinate(0, 0), Coordinate(10, 0), Coordinate(10, 10), Coordinate(0, 10), Coordinate(0, 0)]
    /// 2 × 2 hole, counter-clockwise (wrong for a hole under RFC 7946).
    static let holeCCW = [Coordinate(4, 4), Coordinate(6, 4), Coordinate(6, 6), Coordinate(4, 6), Coordinate(4, 4)]

    @Test("signed double area is positive counter-clockwise")
    func signedArea() {
        #expect(Polygon.signedDoubleArea(of: Self.squareCCW) == 200)
        #expect(Polygon.signedDoubleArea(of: Self.squareCCW.reversed()) == -200)
        #expect(Polygon.signedDoubleArea(of: [Coordinate(0, 0), Coordinate(1, 1)]) == 0)
    }

    @Test("area subtracts holes whatever their winding")
    func areaWithHoles() {
        #expect(Polygon(exterior: Self.squareCCW, holes: [Self.holeCCW]).area == 96)
        #expect(Polygon(exterior: Self.squareCCW.reversed(), holes: [Self.holeCCW.reversed()]).area == 96)
        #expect(Polygon(rings: []).area == 0)
    }

    @Test("multipolygon area and vertex count add up")
    func multiPolygonArea() {
        let island = [Coordinate(20, 0), Coordinate(21, 0), Coordinate(21, 1), Coordinate(20, 0)]
        let multi = MultiPolygon(polygons: [Polygon(exterior: Self.squareCCW, holes: [Self.holeCCW]), Polygon(exterior: island)])
        #expect(multi.area == 96.5)
        #expect(multi.vertexCount == 14)
        #expect(multi.boundingBox == BoundingBox(minX: 0, minY: 0, maxX: 21, maxY: 10))
    }

    @Test("rfc7946Oriented makes the exterior counter-clockwise and holes clockwise")
    func orientation() {
        let wrong = Polygon(exterior: Self.squareCCW.reversed(), holes: [Self.holeCCW])
        let oriented = wrong.rfc7946Oriented()
        #expect(Polygon.signedDoubleArea(of: oriented.exterior) > 0)
        #expect(oriented.holes.allSatisfy { Polygon.signedDoubleArea(of: $0) < 0 })
        #expect(oriented.exterior == Self.squareCCW)
        #expect(oriented.rings[1] == Array(Self.holeCCW.reversed()))
        #expect(oriented.area == wrong.area)
        // Already oriented polygons are returned unchanged.
        #expect(oriented.rfc7946Oriented() == oriented)
    }

    @Test("orientation works on geographic rings in Guangdong")
    func geographicOrientation() {
        // Clockwise as drawn in many Chinese GIS exports (ArcGIS shapefile winding).
        let clockwise = [
            Coordinate(113.30, 23.10), Coordinate(113.30, 23.14), Coordinate(113.36, 23.14),
            Coordinate(113.36, 23.10), Coordinate(113.30, 23.10),
        ]
        let oriented = Polygon(exterior: clockwise).rfc7946Oriented()
        #expect(Polygon.signedDoubleArea(of: oriented.exterior) > 0)
        #expect(oriented.exterior.first == oriented.exterior.last)
    }
}
